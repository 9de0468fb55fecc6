import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMock } from '../src/mock/index.ts';
import { runMain } from '../test/support/cli.ts';

// A correct server we did not write may take, wherever the documentation leaves the choice, another
// reading than our mock: another status, another order of checks, another form of a name or of a
// document. `--variant SEED` makes the mock such a server. The whole campaign, as a nightly staging
// run makes it and as `npm run fuzz` makes it, must find nothing on any of them.
const VARIANTS = Array.from({ length: 20 }, (_, i) => i + 1);
const reports = mkdtempSync(join(tmpdir(), 'no-false-alarms-'));

type Summary = { invariants: { id: string; verdict: string; failures: { message: string }[]; error?: string }[] };

const alarms = (stdout: string) =>
  (JSON.parse(stdout) as Summary).invariants
    .filter((i) => i.verdict !== 'held' && i.verdict !== 'skipped')
    .map((i) => `${i.id}: ${i.verdict} ${i.failures.map((f) => f.message).join(' | ') || i.error || ''}`);

describe('a correct server that reads the open points otherwise raises no false alarm', () => {
  it.each(VARIANTS)('variant %i, staging mode (a remote target, 6 runs, no shrinking): exit 0', async (variant) => {
    // A project whose plan allows far more than 60 requests / 3 s: the run is paced, but not slowed.
    const mock = await startMock({ variant, rateLimit: { limit: 100_000, windowMs: 3000 } });
    const env = { DATOCMS_CMA_URL: mock.cmaUrl, DATOCMS_CDA_URL: mock.cdaUrl, DATOCMS_API_TOKEN: mock.adminSecret };
    try {
      const dir = join(reports, `staging-${variant}`);
      const args = ['--rate-limit', '100000', '--seed', String(variant), '--json', '--report-dir', dir];
      const run = await runMain(['fuzz', '--target', 'staging', ...args, '--ledger-dir', dir], env);
      expect(alarms(run.stdout)).toEqual([]);
      expect(run.code).toBe(0);
    } finally {
      await mock.close();
    }
  });

  it.each(VARIANTS)('variant %i, mock mode (the embedded mock, shrinking on): exit 0', async (variant) => {
    const dir = join(reports, `mock-${variant}`);
    const args = ['--runs', '10', '--seed', String(variant), '--json', '--report-dir', dir];
    const run = await runMain(['fuzz', '--variant', String(variant), ...args]);
    expect(alarms(run.stdout)).toEqual([]);
    expect(run.code).toBe(0);
  });

  // So the tests above can fail: the strict oracle accepts only the mock's own readings, and sees the variants.
  it.each([1, 2])('variant %i is reported with --strict-assumptions', async (variant) => {
    const dir = join(reports, `strict-${variant}`);
    const args = ['--strict-assumptions', '--no-shrink', '--max-failures', '1', '--json', '--report-dir', dir];
    const run = await runMain(['fuzz', '--variant', String(variant), '--runs', '10', '--seed', '1', ...args]);
    expect(alarms(run.stdout).length).toBeGreaterThan(0);
    expect(run.code).toBe(1);
  });
});
