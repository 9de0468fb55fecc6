import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INVARIANT_IDS } from '../invariants/index.ts';
import { FAULTS } from '../mock/index.ts';
import { detectionJobs, detectionReport } from './detection.ts';
import type { CampaignOutcome, ScalingOutcome } from './jobs.ts';
import type { BenchOptions, BenchReport } from './types.ts';
import { runPool } from './pool.ts';
import { renderMarkdown } from './render.ts';
import { measureStagingCost } from './staging-cost.ts';
import { measureThroughput } from './throughput.ts';

export { runJob, type Job, type Outcome } from './jobs.ts';
export type { BenchOptions, BenchReport } from './types.ts';

export const defaultBenchOptions = (log: (line: string) => void): BenchOptions => ({
  invariants: INVARIANT_IDS,
  seeds: 3,
  cleanSeeds: 20,
  runs: 100,
  faults: FAULTS.map((f) => f.name),
  throughputRounds: 3,
  throughputWarmups: 2,
  throughputRuns: 80,
  scaling: [100, 1000, 10000],
  stagingRuns: 6,
  workers: Math.max(1, availableParallelism()),
  log,
});

/** The whole benchmark: bug-finding power, then speed and cost, all measured in one run. */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = Date.now();
  const budgets = { default: options.runs, staging: options.stagingRuns };
  const jobs = detectionJobs(options.invariants, options.faults, options.seeds, options.cleanSeeds, budgets);
  options.log(
    `detection: ${jobs.length} campaigns (${options.cleanSeeds} clean and ${options.cleanSeeds} variants, ${options.faults.length} faults × ${options.seeds} seeds, at ${options.runs} and at ${options.stagingRuns} runs, and strict) on ${options.workers} workers`,
  );
  const outcomes = (await runPool(jobs, options.workers, (_outcome, done) => {
    if (done % 10 === 0 || done === jobs.length) options.log(`  ${done}/${jobs.length} campaigns`);
  })) as CampaignOutcome[];
  const detection = detectionReport(outcomes, budgets);

  options.log(
    `throughput: ${options.throughputRounds} rounds of ${options.throughputRuns} runs per invariant, campaign vs undici loop, the mock in its own process and embedded`,
  );
  const throughput = await measureThroughput(
    options.throughputRounds,
    options.throughputRuns,
    options.throughputWarmups,
    options.invariants,
  );

  options.log(`scaling: campaigns of ${options.scaling.join(', ')} runs, each in a fresh process`);
  const scaling = (await runPool(
    options.scaling.map((runs) => ({ kind: 'scaling' as const, invariants: options.invariants, runs, seed: 5 })),
    Math.min(1, options.workers),
    () => {},
    true,
  )) as ScalingOutcome[];

  options.log(
    `staging cost: a default staging campaign (${options.stagingRuns} runs per invariant) against a mock started on its own`,
  );
  const staging = await measureStagingCost(options.stagingRuns, options.invariants);

  // A fault that takes a reading a correct server may take is for the strict oracle alone.
  const faults = detection.faults.filter((f) => f.takes === undefined);
  const caught = faults.every((f) => f.caughtInSeeds === f.seeds);
  const caughtAtStagingBudget = faults.filter((f) => f.caughtInSeedsAtStagingBudget === f.seeds).length;
  const runsOk = faults.every((f) => f.medianRuns !== null && f.medianRuns <= 30);
  return {
    schema: 'token-contract/bench@1',
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    machine: { node: process.version, cores: availableParallelism() },
    detection,
    throughput,
    scaling,
    staging,
    targets: {
      allCaughtEverySeed: caught,
      caughtEverySeedAtStagingBudget: caughtAtStagingBudget,
      medianRunsAtMost30: runsOk,
      noFalsePositives: detection.clean.falsePositives.length + detection.variants.falsePositives.length === 0,
      allCaughtEverySeedStrict: detection.faults.every((f) => f.caughtInSeedsStrict === f.seeds),
      ratioAtLeast08: throughput.ownProcess.ratio >= 0.8,
    },
  };
}

export function writeBench(dir: string, report: BenchReport): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const paths = { json: join(dir, 'bench.json'), markdown: join(dir, 'bench.md') };
  writeFileSync(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(paths.markdown, renderMarkdown(report));
  return paths;
}

export { renderMarkdown } from './render.ts';
