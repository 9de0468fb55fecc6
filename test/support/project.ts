import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMock, type MockOptions, type RunningMock } from '../../src/mock/index.ts';

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'token-contract-'));

/** The names of a mock's tokens or roles, read with its admin token from outside the suite, as a user would check. */
export async function namesOn(mock: Pick<RunningMock, 'cmaUrl' | 'adminSecret'>, path: '/access_tokens' | '/roles') {
  const response = await fetch(`${mock.cmaUrl}${path}`, {
    headers: { authorization: `Bearer ${mock.adminSecret}`, accept: 'application/json' },
  });
  return ((await response.json()) as { data: { attributes: { name: string } }[] }).data.map((r) => r.attributes.name);
}

/**
 * A mock on its own listeners, as `token-contract mock` starts it: to the CLI, a remote project,
 * by default one whose plan allows far more than 60 requests / 3 s (pacing is not what is tested).
 */
export async function projectOnItsOwn(options: MockOptions = {}) {
  const mock = await startMock({ rateLimit: { limit: 100_000, windowMs: 3000 }, ...options });
  const env = { DATOCMS_CMA_URL: mock.cmaUrl, DATOCMS_CDA_URL: mock.cdaUrl, DATOCMS_API_TOKEN: mock.adminSecret };
  return {
    mock,
    env,
    tokenNames: () => namesOn(mock, '/access_tokens'),
    roleNames: () => namesOn(mock, '/roles'),
  };
}
