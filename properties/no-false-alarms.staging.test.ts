import { describe, expect, it } from 'vitest';
import { startMock } from '../src/mock/index.ts';
import { runMain } from '../test/support/cli.ts';
import { alarms, reportDir, STAGING_MODE_VARIANTS } from './support/variants.ts';

// As a nightly staging run makes it: a remote target, 6 runs per invariant, no shrinking, factory
// tokens only ever sent their own values.
describe('a correct server that reads the open points otherwise raises no false alarm in staging mode', () => {
  it.each(STAGING_MODE_VARIANTS)(
    'variant %i, staging mode (a remote target, 6 runs, no shrinking): exit 0',
    async (variant) => {
      // A project whose plan allows far more than 60 requests / 3 s: the run is paced, but not slowed.
      const mock = await startMock({ variant, rateLimit: { limit: 100_000, windowMs: 3000 } });
      const env = { DATOCMS_CMA_URL: mock.cmaUrl, DATOCMS_CDA_URL: mock.cdaUrl, DATOCMS_API_TOKEN: mock.adminSecret };
      try {
        const dir = reportDir(`staging-${variant}`);
        const args = ['--rate-limit', '100000', '--seed', String(variant), '--json', '--report-dir', dir];
        const run = await runMain(['fuzz', '--target', 'staging', ...args, '--ledger-dir', dir], env);
        expect(alarms(run.stdout)).toEqual([]);
        expect(run.code).toBe(0);
      } finally {
        await mock.close();
      }
    },
  );
});
