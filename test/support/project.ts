import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMock, type MockOptions } from '../../src/mock/index.ts';

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'token-contract-'));

/**
 * A mock on its own listeners, as `token-contract mock` starts it: to the CLI, a remote project,
 * by default one whose plan allows far more than 60 requests / 3 s (pacing is not what is tested).
 */
export async function projectOnItsOwn(options: MockOptions = {}) {
  const mock = await startMock({ rateLimit: { limit: 100_000, windowMs: 3000 }, ...options });
  const env = { DATOCMS_CMA_URL: mock.cmaUrl, DATOCMS_CDA_URL: mock.cdaUrl, DATOCMS_API_TOKEN: mock.adminSecret };
  const names = async (path: string) =>
    (
      (await (
        await fetch(`${mock.cmaUrl}${path}`, {
          headers: { authorization: `Bearer ${mock.adminSecret}`, accept: 'application/json' },
        })
      ).json()) as { data: { attributes: { name: string } }[] }
    ).data.map((r) => r.attributes.name);
  return { mock, env, tokenNames: () => names('/access_tokens'), roleNames: () => names('/roles') };
}
