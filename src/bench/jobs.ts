import type { FaultName } from '../spec/index.ts';
import { campaignConfig, runCampaign } from '../campaign/index.ts';
import { embeddedTarget } from '../embedded/index.ts';
import type { InvariantId } from '../invariants/index.ts';

/** What a worker process is asked to do. */
export type Job =
  | {
      kind: 'campaign';
      invariants: readonly InvariantId[];
      faults: FaultName[];
      seed: number;
      runs: number;
      budget: Budget;
      /** Oracles that accept only the mock's own readings. */
      strict: boolean;
      /** A clean mock that takes other correct readings of the open points (`--variant`). */
      variant?: number;
    }
  | { kind: 'scaling'; invariants: readonly InvariantId[]; runs: number; seed: number };

/** The mock's default campaign (shrinking on), or staging's (its runs, no shrinking). */
export type Budget = 'default' | 'staging';

export interface InvariantOutcome {
  id: string;
  verdict: string;
  firstFailure: { run: number; requests: number; afterMs: number } | undefined;
  /** Characters of the shrunk case, as JSON. */
  caseSize: number | undefined;
}

export interface CampaignOutcome {
  kind: 'campaign';
  faults: FaultName[];
  budget: Budget;
  strict: boolean;
  variant: number | undefined;
  seed: number;
  durationMs: number;
  requests: number;
  invariants: InvariantOutcome[];
}

export interface ScalingOutcome {
  kind: 'scaling';
  runs: number;
  durationMs: number;
  requests: number;
  /** Peak resident set size of the process, in MiB. */
  peakRssMiB: number;
  /** RSS once the campaign was set up, before its runs, in MiB. */
  startRssMiB: number;
}

export type Outcome = CampaignOutcome | ScalingOutcome;

/** One job, in the current process (a worker of the pool, or the main process in tests). */
export async function runJob(job: Job): Promise<Outcome> {
  const target = await embeddedTarget(
    job.kind === 'campaign'
      ? { faults: job.faults, ...(job.variant === undefined ? {} : { variant: job.variant }) }
      : {},
  );
  try {
    if (job.kind === 'campaign') {
      const result = await runCampaign(
        target,
        campaignConfig({
          invariants: job.invariants,
          runs: job.runs,
          seed: job.seed,
          shrink: job.budget === 'default',
          strict: job.strict,
          // What is measured is how soon a fault is found, not how it is triaged.
          maxFailures: 1,
        }),
      );
      return {
        kind: 'campaign',
        faults: job.faults,
        budget: job.budget,
        strict: job.strict,
        variant: job.variant,
        seed: job.seed,
        durationMs: result.durationMs,
        requests: result.requests,
        invariants: result.invariants.map((r) => ({
          id: r.id,
          verdict: r.verdict,
          firstFailure: r.failures[0]?.foundAt,
          caseSize: r.failures[0] ? JSON.stringify(r.failures[0].counterexample.case).length : undefined,
        })),
      };
    }
    // Spread the runs over every invariant, as a campaign does.
    const perInvariant = Math.max(1, Math.round(job.runs / job.invariants.length));
    const startRssMiB = process.memoryUsage().rss / 2 ** 20;
    let peak = startRssMiB;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 25);
    try {
      const result = await runCampaign(
        target,
        campaignConfig({ invariants: job.invariants, runs: perInvariant, seed: job.seed }),
      );
      peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
      return {
        kind: 'scaling',
        runs: perInvariant * job.invariants.length,
        durationMs: result.durationMs,
        requests: result.requests,
        peakRssMiB: peak,
        startRssMiB,
      };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await target.close();
  }
}
