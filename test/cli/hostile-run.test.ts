import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/cli.ts';
import { startHostileServer, type HostileServer } from '../support/hostile-server.ts';

// The CLI in staging mode against a server that misbehaves in the HTTP exchange: whatever the
// server does, the reports are written with the seed, and no secret reaches a file or the console.
let hostile: HostileServer;

beforeAll(async () => {
  // A fault that makes secret-unchanged fail: the counterexample's exchanges are recorded.
  // A rate limit no run comes near: the suite would otherwise pause when the mock's 60-request window runs low.
  hostile = await startHostileServer({
    mock: { seed: 5, faults: ['secret-rotates-on-update'], rateLimit: { limit: 1_000_000, windowMs: 3000 } },
  });
});
afterEach(() => hostile.reset());
afterAll(() => hostile.close());

async function stagingRun(only = 'secret-unchanged') {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-run-'));
  const run = await runMain(
    [
      'fuzz',
      '--target=staging',
      `--only=${only}`,
      '--runs=2',
      '--seed=9',
      '--rate-limit=100000',
      '--rate-share=1',
      `--report-dir=${join(dir, 'reports')}`,
      `--ledger-dir=${join(dir, 'ledger')}`,
    ],
    { DATOCMS_API_TOKEN: hostile.adminSecret, DATOCMS_CMA_URL: hostile.cmaUrl, DATOCMS_CDA_URL: hostile.cdaUrl },
  );
  const reports = join(dir, 'reports');
  const files = Object.fromEntries(
    readdirSync(reports).map((name) => [name, readFileSync(join(reports, name), 'utf8')]),
  );
  return { ...run, files };
}

describe('a staging run against a hostile server', () => {
  it('records no secret a server echoes in its headers, in any report or on the console', async () => {
    hostile.behave({ act: { kind: 'echo-headers' } });
    const run = await stagingRun();
    expect(run.code).toBe(1);
    expect(Object.keys(run.files).sort()).toEqual([
      'events.ndjson',
      'index.html',
      'junit.xml',
      'results.json',
      'summary.md',
    ]);
    expect(run.files['results.json']).toContain('x-echo-authorization');
    for (const text of [...Object.values(run.files), run.stdout, run.stderr])
      expect(text).not.toContain(hostile.adminSecret);
  });

  it.each([
    ['a 204 that carries a body', { kind: 'no-content-with-body' } as const],
    ['a 64 KiB header', { kind: 'huge-header', bytes: 64 * 1024 } as const],
  ])('writes its reports and prints the seed after %s', async (_, act) => {
    hostile.behave({ match: { method: 'PUT', nth: 1 }, act });
    const run = await stagingRun();
    expect(run.stderr).toContain('seed 9');
    const results = JSON.parse(run.files['results.json'] as string) as { summary: { verdict: string } };
    expect(['violated', 'error']).toContain(results.summary.verdict);
    expect(results.summary.verdict === 'error' ? 3 : 1).toBe(run.code);
  });

  it('keeps at most 64 KiB of a large answer in the reports, with its full size', async () => {
    hostile.behave({ match: { method: 'PUT' }, act: { kind: 'huge-body', bytes: 1024 * 1024 } });
    const run = await stagingRun('response-conforms');
    expect(run.code).toBe(1);
    expect(run.files['results.json']).toMatch(/\[cut: \d{7} characters in all\]/);
    expect((run.files['results.json'] as string).length).toBeLessThan(512 * 1024);
  });

  it('cleanup stops, in one line and with the ledgers kept, when the listing cannot be read', async () => {
    hostile.behave({
      match: { method: 'GET', path: '/access_tokens' },
      act: { kind: 'garbage', body: '<html>', status: 500 },
    });
    const env = {
      DATOCMS_API_TOKEN: hostile.adminSecret,
      DATOCMS_CMA_URL: hostile.cmaUrl,
      DATOCMS_CDA_URL: hostile.cdaUrl,
    };
    const run = await runMain(['cleanup', `--ledger-dir=${mkdtempSync(join(tmpdir(), 'ledgers-'))}`], env);
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toMatch(
      /^token-contract: .*GET \/access_tokens answered 500 without a listing: cannot tell what is left$/,
    );
  });
});
