import { invariantById, type Invariant, type InvariantId, type OracleContext } from '../invariants/index.ts';
import { caseContext, World, WorldError } from '../scenarios/index.ts';
import { loadContract, resolveAssumptions, type AssumptionOverrides } from '../spec/index.ts';
import { TransportError, type Target } from '../target/index.ts';
import { timeShare } from './budget.ts';
import type { CampaignEvent, Handler } from './events.ts';
import { runInvariant } from './invariant-run.ts';
import { invariantSeed } from './seeds.ts';
import type { CampaignResult, Ending, InvariantResult, PropagationSample } from './types.ts';

/** Everything a campaign is asked to do: one object, whoever drives it (CLI, tests, bench). */
export interface CampaignConfig {
  invariants: readonly InvariantId[];
  /** Runs per invariant. */
  runs: number;
  seed: number;
  /** Stop starting runs this long after the fixtures are set up; the runs done count. */
  timeBudgetMs?: number;
  /** Shrink counterexamples (on a real project, reporting the first failure as is saves requests). */
  shrink: boolean;
  /** Distinct failures an invariant reports before it stops. */
  maxFailures: number;
  /** Accept only the assumed reading of each decision point. */
  strict: boolean;
  /** What the server is assumed to do where the docs leave it open (the mock's `--assume`). */
  assumptions?: AssumptionOverrides;
  /** Re-run one counterexample (one invariant). */
  replay?: { seed: number; path: string };
  signal?: AbortSignal;
}

/** Fills in what a caller leaves out with the defaults of a run on the embedded mock. */
export const campaignConfig = (config: Partial<CampaignConfig> & Pick<CampaignConfig, 'seed'>): CampaignConfig => ({
  invariants: config.invariants ?? [],
  runs: 100,
  shrink: true,
  maxFailures: 3,
  strict: false,
  ...config,
});

/**
 * Runs each invariant against one target, with one World of fixtures for the whole campaign. A
 * campaign goes through four states — setting up the world, running the invariants one by one,
 * cleaning up, finished — and reports each step as an event to every handler, in order.
 * A target that fails ends the campaign (`ending: 'target-failed'`), it does not throw.
 */
export async function runCampaign(
  target: Target,
  config: CampaignConfig,
  handlers: readonly Handler[] = [],
): Promise<CampaignResult> {
  const started = Date.now();
  const invariants = config.invariants.map(invariantById);
  const oracle: OracleContext = {
    contract: await loadContract(),
    assumptions: resolveAssumptions(config.assumptions),
    strict: config.strict,
  };
  const propagation: PropagationSample[] = [];
  const results: InvariantResult[] = [];
  const record: Handler = (event) => {
    if (event.type === 'run-finished') propagation.push(...event.propagation);
    if (event.type === 'invariant-finished') results.push(event.result);
  };
  const emit = async (event: CampaignEvent) => {
    for (const handler of [record, ...handlers]) await handler(event);
  };
  const seedOf = (invariant: Invariant) => config.replay?.seed ?? invariantSeed(config.seed, invariant.id);
  await emit({
    type: 'campaign-started',
    startedAt: new Date(started).toISOString(),
    target: target.info,
    seed: config.seed,
    strict: config.strict,
    invariants: invariants.map((i) => ({ id: i.id, title: i.title, planned: config.runs })),
  });

  let ending: Ending = 'completed';
  const finish = (result: InvariantResult) => emit({ type: 'invariant-finished', result });
  const notRun = (invariant: Invariant, skipReason: string): InvariantResult => ({
    id: invariant.id,
    title: invariant.title,
    doc: invariant.doc,
    seed: seedOf(invariant),
    verdict: 'skipped',
    runs: 0,
    planned: 0,
    stopped: undefined,
    durationMs: 0,
    requests: 0,
    failures: [],
    skipReason,
  });

  // Setting up: the fixtures the campaign needs, created through the CMA.
  let world: World | undefined;
  let cleanupError: string | undefined;
  try {
    world = await World.create(target);
  } catch (error) {
    if (!(error instanceof TransportError || error instanceof WorldError)) throw error;
    // Ctrl-C aborts the requests in flight: setting up failed because the run was interrupted.
    ending = config.signal?.aborted ? 'interrupted' : 'target-failed';
    const reason =
      ending === 'interrupted'
        ? 'the campaign was interrupted before it'
        : `the target failed before the campaign started: ${error.message}`;
    for (const invariant of invariants) await finish(notRun(invariant, reason));
  }

  // Running: one invariant after the other, each with its share of the time budget.
  if (world) {
    const ctx = caseContext(oracle.contract, world);
    // The budget is the invariants': its clock starts once the fixtures exist.
    const deadline = config.timeBudgetMs === undefined ? undefined : Date.now() + config.timeBudgetMs;
    const spent = { ms: 0, runs: 0 };
    // Fixed for the campaign: they depend on the fixtures the world was created with.
    const skipReasons = invariants.map((invariant) => invariant.skipReason(world as World));
    for (const [index, invariant] of invariants.entries()) {
      const skipReason =
        skipReasons[index] ??
        (ending === 'interrupted' || config.signal?.aborted
          ? 'the campaign was interrupted before it'
          : ending === 'target-failed'
            ? 'the target failed before it'
            : undefined);
      if (skipReason) {
        await finish(notRun(invariant, skipReason));
        continue;
      }
      const share =
        deadline === undefined
          ? undefined
          : timeShare({
              leftMs: deadline - Date.now(),
              invariantsLeft: skipReasons.slice(index).filter((reason) => !reason).length,
              runsPerInvariant: config.runs,
              msPerRun: spent.runs > 0 ? spent.ms / spent.runs : undefined,
            });
      await emit({ type: 'invariant-started', invariant: invariant.id, planned: config.runs, timeShareMs: share });
      const result = await runInvariant({
        world,
        invariant,
        ctx,
        oracle,
        runs: config.runs,
        seed: seedOf(invariant),
        shrink: config.shrink,
        maxFailures: config.replay ? 1 : config.maxFailures,
        replay: config.replay,
        deadline: share === undefined ? undefined : Date.now() + share,
        signal: config.signal,
        emit,
      });
      spent.ms += result.durationMs;
      spent.runs += result.runs;
      if (result.stopped === 'interrupt') ending = 'interrupted';
      if (result.stopped === 'target-failed') ending = 'target-failed';
      await finish(result);
    }
    // Cleaning up. It may fail (a stalled server, its allowance spent): the run is still reported,
    // and the ledger keeps the rest.
    await world.dispose().catch((error: unknown) => {
      if (!(error instanceof TransportError || error instanceof WorldError)) throw error;
      cleanupError = error.message;
    });
  }

  const result: CampaignResult = {
    target: target.info,
    seed: config.seed,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    ending,
    invariants: results,
    requests: target.stats.requests,
    peakRequestsPer3s: target.stats.peakPerWindow,
    propagation,
    ...(cleanupError === undefined ? {} : { cleanupError }),
  };
  await emit({ type: 'campaign-finished', result });
  return result;
}
