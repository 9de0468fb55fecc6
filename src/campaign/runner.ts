import fc from 'fast-check';
import { INVARIANTS, type Invariant, type OracleContext } from '../invariants/index.ts';
import { caseContext, World, type CaseContext } from '../scenarios/index.ts';
import { TransportError, type Target } from '../target/index.ts';
import { timeShare } from './budget.ts';
import { coverageSeeds } from './coverage.ts';
import { liveProperty } from './property.ts';
import { invariantSeed } from './seeds.ts';
import type { CampaignResult, Counterexample, InvariantResult, Progress, PropagationSample } from './types.ts';

export interface CampaignOptions {
  invariants?: readonly Invariant[];
  /** Runs per invariant. */
  runs: number;
  seed: number;
  oracle: OracleContext;
  /** Stop starting runs after this long; the runs done count. */
  timeBudgetMs?: number;
  /** Re-run one counterexample (one invariant). */
  replay?: { seed: number; path: string };
  /** Report the first failure without shrinking (saves requests on a real project). */
  shrink?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** Runs each invariant's property against one target; one World of fixtures for the whole campaign. */
export async function runCampaign(target: Target, options: CampaignOptions): Promise<CampaignResult> {
  const startedAt = new Date();
  const invariants = options.invariants ?? INVARIANTS;
  const world = await World.create(target);
  const results: InvariantResult[] = [];
  const propagation: PropagationSample[] = [];
  let failed = false;
  try {
    const ctx = caseContext(options.oracle.contract, world);
    const deadline = options.timeBudgetMs === undefined ? undefined : Date.now() + options.timeBudgetMs;
    const spent = { ms: 0, runs: 0 };
    // Fixed for the campaign: they depend on the fixtures the world was created with.
    const skipReasons = invariants.map((invariant) => invariant.skipReason(world));
    for (const [index, invariant] of invariants.entries()) {
      if (options.signal?.aborted) break;
      const seed = options.replay?.seed ?? invariantSeed(options.seed, invariant.id);
      const skipReason = skipReasons[index];
      if (skipReason) {
        results.push(
          result(invariant, {
            verdict: 'skipped',
            runs: 0,
            planned: 0,
            seed,
            skipReason,
            durationMs: 0,
            requests: 0,
            interrupted: false,
          }),
        );
        continue;
      }
      const share =
        deadline === undefined
          ? undefined
          : timeShare({
              leftMs: deadline - Date.now(),
              invariantsLeft: skipReasons.slice(index).filter((reason) => !reason).length,
              runsPerInvariant: options.runs,
              msPerRun: spent.runs > 0 ? spent.ms / spent.runs : undefined,
            });
      const done = await runInvariant(world, invariant, ctx, { ...options, seed }, share, propagation);
      spent.ms += done.durationMs;
      spent.runs += done.runs;
      results.push(done);
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // If the target failed, cleaning up may fail too: that must not hide why (the ledger keeps the rest).
    await world.dispose().catch((error: unknown) => {
      if (!failed) throw error;
    });
  }
  return {
    target: { kind: target.kind, label: target.label },
    seed: options.seed,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    invariants: results,
    requests: target.stats.requests,
    peakRequestsPer3s: target.stats.peakPerWindow,
    propagation,
  };
}

async function runInvariant(
  world: World,
  invariant: Invariant,
  ctx: CaseContext,
  options: CampaignOptions,
  timeLimitMs: number | undefined,
  propagation: PropagationSample[],
): Promise<InvariantResult> {
  const started = Date.now();
  const requestsBefore = world.target.stats.requests;
  let firstFailure: InvariantResult['firstFailure'];
  const live = liveProperty(world, invariant, ctx, options.oracle, {
    ...(options.signal ? { signal: options.signal } : {}),
    propagation,
    onRun: (executions, failures) => {
      if (failures === 1 && !firstFailure) {
        firstFailure = {
          run: executions,
          requests: world.target.stats.requests - requestsBefore,
          afterMs: Date.now() - started,
        };
      }
      options.onProgress?.({ invariant: invariant.id, runs: executions, planned: options.runs, failures });
    },
  });
  const property = fc.asyncProperty(live.arbitrary, live.predicate);
  const timeLeft = () => (timeLimitMs === undefined ? Infinity : timeLimitMs - (Date.now() - started));
  const check = (numRuns: number, seed: number) =>
    fc.check(property, {
      numRuns,
      seed,
      ...(options.replay ? { path: options.replay.path } : {}),
      ...(timeLimitMs === undefined ? {} : { interruptAfterTimeLimit: Math.max(1, Math.floor(timeLeft())) }),
      endOnFailure: options.shrink === false,
      markInterruptAsFailure: false,
    });
  // The coverage phase first (one run per chosen seed), then random runs from the invariant's seed;
  // no candidates to draw when the budget leaves no time for a run.
  const coverage =
    options.replay || !live.features || timeLeft() <= 0
      ? []
      : coverageSeeds(live.arbitrary, live.features, { seed: options.seed, max: Math.min(options.runs - 1, 30) });
  const phases: [numRuns: number, seed: number][] = [
    ...coverage.map((seed): [number, number] => [1, seed]),
    [options.runs - coverage.length, options.seed],
  ];
  let runs = 0;
  let interrupted = false;
  let failure: fc.RunDetails<[unknown]> | undefined;
  let lateFailure: Counterexample | undefined;
  // Boxed: a run may throw anything, undefined included.
  let lateCrash: { error: unknown } | undefined;
  for (const [numRuns, seed] of phases) {
    if (timeLeft() <= 0) {
      interrupted = true;
      break;
    }
    const details = await check(numRuns, seed);
    const late = await live.settle();
    runs += details.numRuns;
    interrupted = details.interrupted;
    // fast-check counts an interruption before any run as a failure: it is only an interruption.
    if (details.failed && details.numRuns > 0) failure = details;
    else if (late) {
      // The run the time limit cut off still counts; it was the phase's next value, hence its path.
      runs += 1;
      if ('crash' in late) lateCrash = { error: late.crash };
      else if (late.violation)
        lateFailure = live.lateCounterexample({ ...late, violation: late.violation }, seed, String(details.numRuns));
    }
    if (failure || lateFailure || lateCrash || interrupted || live.infrastructureError()) break;
  }
  const base = {
    // fast-check's count: runs until the first failure (shrinking not included).
    runs,
    planned: options.runs,
    seed: options.seed,
    durationMs: Date.now() - started,
    requests: world.target.stats.requests - requestsBefore,
    interrupted,
  };
  const infrastructure = live.infrastructureError();
  if (infrastructure instanceof TransportError) throw infrastructure;
  if (infrastructure) return result(invariant, { ...base, verdict: 'error', error: infrastructure.message });
  if (lateCrash) return result(invariant, { ...base, verdict: 'error', error: crashed(lateCrash.error) });
  if (!failure && !lateFailure) {
    // No run at all is no evidence: not "held".
    if (runs === 0)
      return result(invariant, {
        ...base,
        verdict: 'skipped',
        skipReason: 'the time budget ran out before its first run',
      });
    return result(invariant, { ...base, verdict: 'held' });
  }
  const counterexample = lateFailure ?? (failure && live.counterexample(failure));
  if (!counterexample) {
    // The property threw something that is not a violation: a defect of the suite, reported as such.
    return result(invariant, { ...base, verdict: 'error', error: crashed(failure?.errorInstance) });
  }
  return result(invariant, { ...base, verdict: 'violated', counterexample, ...(firstFailure ? { firstFailure } : {}) });
}

const crashed = (error: unknown): string =>
  `the property crashed: ${error instanceof Error ? error.message : String(error)}`;

function result(invariant: Invariant, rest: Omit<InvariantResult, 'id' | 'title' | 'doc'>): InvariantResult {
  return { id: invariant.id, title: invariant.title, doc: invariant.doc, ...rest };
}
