import type { InvariantId } from '../invariants/index.ts';
import type { FaultName } from '../spec/index.ts';
import type { DetectionReport } from './detection.ts';
import type { ScalingOutcome } from './jobs.ts';
import type { StagingCost } from './staging-cost.ts';
import type { ThroughputReport } from './throughput.ts';

export interface BenchOptions {
  /** What every campaign of the bench runs: all of them, but for `--quick`. */
  invariants: readonly InvariantId[];
  /** Seeds per fault. */
  seeds: number;
  /** Seeds of the clean mock (false positives). */
  cleanSeeds: number;
  /** Runs per invariant: the default campaign's. */
  runs: number;
  faults: readonly FaultName[];
  throughputRounds: number;
  /** Rounds run first and not counted, to warm the JIT of the suite and of the mocks. */
  throughputWarmups: number;
  throughputRuns: number;
  scaling: readonly number[];
  stagingRuns: number;
  workers: number;
  log: (line: string) => void;
}

export interface BenchReport {
  schema: 'token-contract/bench@1';
  startedAt: string;
  durationMs: number;
  machine: { node: string; cores: number };
  detection: DetectionReport;
  throughput: ThroughputReport;
  scaling: ScalingOutcome[];
  staging: StagingCost;
  targets: {
    allCaughtEverySeed: boolean;
    /** Faults caught in every seed at the staging budget (no target: reported, not required). */
    caughtEverySeedAtStagingBudget: number;
    medianRunsAtMost30: boolean;
    allCaughtEverySeedStrict: boolean;
    noFalsePositives: boolean;
    /** Campaign / bare loop, with the mock in its own process. */
    ratioAtLeast08: boolean;
  };
}
