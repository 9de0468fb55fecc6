import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../src/mock/index.ts';
import { runMain } from '../support/cli.ts';

// The benchmark prints figures; tests only check that it runs and writes well-formed tables
// (timings are not asserted: these machines are noisy).
describe('npm run bench', () => {
  it('runs on a tiny budget and writes bench.json and bench.md', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    const run = await runMain(['bench', '--quick', '--report-dir', dir]);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'bench.json'), 'utf8'));
    expect(report.schema).toBe('token-contract/bench@1');
    const quickFaults = FAULTS.slice(0, 1).map((f) => f.name);
    expect(report.detection.faults.map((f: { fault: string }) => f.fault)).toEqual(quickFaults);
    for (const row of report.detection.faults) {
      expect(row.intended.length).toBeGreaterThan(0);
      expect(row.seeds).toBe(1);
      expect(row.caughtInSeeds).toBeLessThanOrEqual(row.seeds);
    }
    expect(report.detection.clean.seeds).toBe(1);
    expect(report.detection.clean.campaigns).toBe(2);
    expect(report.detection.variants.campaigns).toBe(2);
    for (const where of ['ownProcess', 'inProcess']) {
      expect(report.throughput[where].suite).toBeGreaterThan(0);
      expect(report.throughput[where].undiciLoop).toBeGreaterThan(0);
      expect(report.throughput[where].busyLoop).toBeGreaterThan(0);
      // The loop replays on a twin of the campaign's mock: it must meet the very same answers.
      expect(report.throughput[where].replayAgreement).toBe(1);
    }
    expect(report.throughput.inProcess.autocannon).toBeGreaterThan(0);
    expect(report.scaling.map((s: { runs: number }) => s.runs)).toEqual([15]);
    expect(report.staging.total).toBeGreaterThan(report.staging.setupAndCleanup);
    const markdown = readFileSync(join(dir, 'bench.md'), 'utf8');
    expect(markdown).toContain(
      '| fault | caught by | seeds | strict | at 1 runs | median runs | median requests | median ms | shrunk size | also failed |',
    );
    for (const fault of quickFaults)
      expect(markdown).toMatch(
        new RegExp(
          `^\\| \`${fault}\` \\| (\`[a-z-]+\`|\\*\\*missed\\*\\*) \\| \\d/\\d \\| \\d/\\d \\| \\d/\\d \\|`,
          'm',
        ),
      );
    expect(markdown).toContain('| in its own process |');
    expect(run.stdout).toContain('# Benchmark');
  }, 120_000);
});
