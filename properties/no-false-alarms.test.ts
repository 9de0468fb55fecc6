import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/index.ts';
import { startMock } from '../src/mock/index.ts';

// A correct server we did not write may take, wherever the documentation leaves the choice, another
// reading than our mock: another status, another order of checks, another form of a name or of a
// document. `--variant SEED` makes the mock such a server. The whole campaign, as a nightly staging
// run makes it and as `npm run fuzz` makes it, must find nothing on any of them.
const VARIANTS = Array.from({ length: 20 }, (_, i) => i + 1);
const reports = mkdtempSync(join(tmpdir(), 'no-false-alarms-'));

let stdout = '';
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

const alarms = () =>
  (JSON.parse(stdout) as { invariants: { id: string; verdict: string; message?: string; error?: string }[] }).invariants
    .filter((i) => i.verdict !== 'held' && i.verdict !== 'skipped')
    .map((i) => `${i.id}: ${i.verdict} ${i.message ?? i.error ?? ''}`);

describe('a correct server that reads the open points otherwise raises no false alarm', () => {
  it.each(VARIANTS)('variant %i, staging mode (a remote target, 6 runs, no shrinking): exit 0', async (variant) => {
    // A project whose plan allows far more than 60 requests / 3 s: the run is paced, but not slowed.
    const mock = await startMock({ variant, rateLimit: { limit: 100_000, windowMs: 3000 } });
    vi.stubEnv('DATOCMS_CMA_URL', mock.cmaUrl);
    vi.stubEnv('DATOCMS_CDA_URL', mock.cdaUrl);
    vi.stubEnv('DATOCMS_API_TOKEN', mock.adminSecret);
    try {
      const dir = join(reports, `staging-${variant}`);
      const code = await main(
        ['fuzz', '--target', 'staging', '--rate-limit', '100000', '--seed', String(variant)].concat([
          '--json',
          '--report-dir',
          dir,
          '--ledger-dir',
          dir,
        ]),
      );
      expect(alarms()).toEqual([]);
      expect(code).toBe(0);
    } finally {
      vi.unstubAllEnvs();
      await mock.close();
    }
  });

  it.each(VARIANTS)('variant %i, mock mode (the embedded mock, shrinking on): exit 0', async (variant) => {
    const dir = join(reports, `mock-${variant}`);
    const code = await main(
      ['fuzz', '--variant', String(variant), '--runs', '25', '--seed', String(variant)].concat([
        '--json',
        '--report-dir',
        dir,
      ]),
    );
    expect(alarms()).toEqual([]);
    expect(code).toBe(0);
  });

  // So the tests above can fail: the strict oracle accepts only the mock's own readings, and sees the variants.
  it.each([1, 2, 3])('variant %i is reported with --strict-assumptions', async (variant) => {
    const dir = join(reports, `strict-${variant}`);
    const code = await main(
      ['fuzz', '--variant', String(variant), '--runs', '25', '--seed', '1', '--strict-assumptions'].concat([
        '--json',
        '--report-dir',
        dir,
      ]),
    );
    expect(alarms().length).toBeGreaterThan(0);
    expect(code).toBe(1);
  });
});
