import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { InvariantResult } from '../../src/campaign/index.ts';
import type { InvariantId } from '../../src/invariants/index.ts';
import { consoleReport, NO_SECRETS, ResultsRecorder } from '../../src/report/index.ts';
import { tempDir } from '../support/project.ts';

const result = (id: InvariantId, verdict: InvariantResult['verdict'], skipReason?: string): InvariantResult => ({
  id,
  title: id,
  doc: { kind: 'datocms', url: 'https://www.datocms.com/docs', quote: 'q' },
  verdict,
  runs: verdict === 'skipped' ? 0 : 6,
  planned: verdict === 'skipped' ? 0 : 6,
  stopped: undefined,
  durationMs: 1,
  requests: 1,
  seed: 1,
  failures: [],
  ...(skipReason ? { skipReason } : {}),
});

/** What the console prints for a campaign that ended with these results. */
async function printed(
  results: InvariantResult[],
  options: { tty?: boolean; json?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const recorder = new ResultsRecorder('test');
  const report = consoleReport(recorder, {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: options.tty ?? false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    json: options.json ?? false,
    paths: undefined,
    lint: { ...NO_SECRETS, leaks: () => [] },
    env: options.env ?? {},
  });
  const target = { kind: 'mock', label: 'embedded mock', cmaUrl: 'x', cdaUrl: 'y', disposable: true } as const;
  const startedAt = new Date().toISOString();
  const invariants = results.map((r) => ({ id: r.id, title: r.title, planned: 6 }));
  for (const handler of [recorder.handle, report]) {
    await handler({ type: 'campaign-started', startedAt, target, seed: 1, strict: false, invariants });
    const finished = { target, seed: 1, startedAt, durationMs: 1, ending: 'completed' as const, invariants: results };
    await handler({
      type: 'campaign-finished',
      result: { ...finished, requests: 1, peakRequestsPer3s: 1, propagation: [] },
    });
  }
  return { stdout, stderr };
}

const starved = 'the time budget ran out before its first run';
const campaign = [
  result('secret-unchanged', 'held'),
  result('idempotent', 'skipped', starved),
  result('others-untouched', 'skipped', starved),
];

describe('the console summary', () => {
  it('names every invariant once: a skipped one has its reason on its row', async () => {
    const { stdout } = await printed(campaign);
    for (const id of ['secret-unchanged', 'idempotent', 'others-untouched'])
      expect(stdout.split(id).length - 1, id).toBe(1);
    expect(stdout).toMatch(/^idempotent +0 {2}skipped +0\.0 s {2}the time budget ran out before its first run$/m);
  });

  it('is coloured on a terminal, and plain when NO_COLOR is set or stdout is not a terminal', async () => {
    expect((await printed(campaign, { tty: true })).stdout).toContain('\x1b[32mheld');
    expect((await printed(campaign, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\x1b[');
    expect((await printed(campaign, { tty: false })).stdout).not.toContain('\x1b[');
  });

  it('says on stderr how to get JSON alone when npm printed its banner on stdout', async () => {
    const underNpm = await printed(campaign, { json: true, env: { npm_lifecycle_event: 'fuzz' } });
    expect(() => JSON.parse(underNpm.stdout) as unknown).not.toThrow();
    expect(underNpm.stderr).toMatch(/npm printed its "> fuzz" banner on stdout .*\(npm run fuzz --json\)/);
    const silent = { npm_lifecycle_event: 'fuzz', npm_config_loglevel: 'silent' };
    expect((await printed(campaign, { json: true, env: silent })).stderr).not.toMatch(/banner/);
    const npmJson = { npm_lifecycle_event: 'fuzz', npm_config_json: 'true' };
    expect((await printed(campaign, { json: true, env: npmJson })).stderr).not.toMatch(/banner/);
  });
});

describe('npm run fuzz --json, as the README says', () => {
  it('prints JSON alone on stdout', () => {
    const args = ['run', 'fuzz', '--json', '--', '--runs', '1', '--only', 'idempotent'];
    const npm = spawnSync('npm', [...args, '--report-dir', tempDir()], { encoding: 'utf8' });
    expect(npm.status, npm.stderr).toBe(0);
    expect(JSON.parse(npm.stdout)).toMatchObject({ verdict: 'held' });
  });
});
