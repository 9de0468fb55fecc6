import { describe, expect, it } from 'vitest';
import { runMain } from '../test/support/cli.ts';
import { alarms, reportDir, MOCK_MODE_VARIANTS } from './support/variants.ts';

// As `npm run fuzz` makes it: the embedded mock, factory tokens edited and rotated, shrinking on.
// Four runs per invariant keep `npm test` within its time (the staging-mode file runs six; the
// bench runs variants 1 to 20 at 100).
describe('a correct server that reads the open points otherwise raises no false alarm in mock mode', () => {
  it.each(MOCK_MODE_VARIANTS)('variant %i, mock mode (the embedded mock, shrinking on): exit 0', async (variant) => {
    const dir = reportDir(`mock-${variant}`);
    const args = ['--runs', '4', '--seed', String(variant), '--json', '--report-dir', dir];
    const run = await runMain(['fuzz', '--variant', String(variant), ...args]);
    expect(alarms(run.stdout)).toEqual([]);
    expect(run.code).toBe(0);
  });

  // So the tests above can fail: the strict oracle accepts only the mock's own readings, and sees the variants.
  it.each([1, 2])('variant %i is reported with --strict-assumptions', async (variant) => {
    const dir = reportDir(`strict-${variant}`);
    const args = ['--strict-assumptions', '--no-shrink', '--max-failures', '1', '--json', '--report-dir', dir];
    const run = await runMain(['fuzz', '--variant', String(variant), '--runs', '6', '--seed', '1', ...args]);
    expect(alarms(run.stdout).length).toBeGreaterThan(0);
    expect(run.code).toBe(1);
  });
});
