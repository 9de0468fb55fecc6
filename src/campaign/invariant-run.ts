import fc from 'fast-check';
import { violationKey, type Invariant, type OracleContext, type Violation } from '../invariants/index.ts';
import { WorldError, type CaseContext, type World } from '../scenarios/index.ts';
import { boundedExchange, curlLine, TransportError, type Exchange } from '../target/index.ts';
import { coverageSeeds } from './coverage.ts';
import type { CampaignEvent } from './events.ts';
import type { Counterexample, Failure, InvariantResult, StopReason } from './types.ts';

/** Thrown inside the property: fast-check shrinks it; the runner records it. */
class ViolationError extends Error {
  override readonly name = 'ViolationError';
  constructor(readonly violation: Violation) {
    super(violation.message);
  }
}

/** Thrown inside the property to end it before its next run: the time share is spent, Ctrl-C, or the target failed. */
class Stop extends Error {
  override readonly name = 'Stop';
  constructor(readonly reason: StopReason) {
    super(reason);
  }
}

interface Hunt {
  key: string;
  violation: Violation;
  case: unknown;
  foundAt: Failure['foundAt'];
}

export interface InvariantRunOptions {
  world: World;
  invariant: Invariant;
  ctx: CaseContext;
  oracle: OracleContext;
  runs: number;
  seed: number;
  shrink: boolean;
  /** Distinct failures (violation keys) after which the invariant stops. */
  maxFailures: number;
  replay: { seed: number; path: string } | undefined;
  /** When the invariant's share of the time budget ends (epoch ms). */
  deadline: number | undefined;
  signal: AbortSignal | undefined;
  emit(event: CampaignEvent): Promise<void>;
}

/** Between fast-check's path and the state some cases also need to replay (`8:0:1@AAB`). */
const STATE_MARK = '@';

function splitReplayPath(path: string): { path: string; state: string | undefined } {
  const at = path.indexOf(STATE_MARK);
  return at < 0 ? { path, state: undefined } : { path: path.slice(0, at), state: path.slice(at + 1) };
}

export const replayCommand = (invariant: string, seed: number, path: string): string =>
  `npx token-contract fuzz --only ${invariant} --replay=${seed}:${path}`;

// The seed of the search that goes on after a failure: a new stream, so the same case does not come back first.
const continuation = (seed: number, k: number) => (seed + Math.imul(k, 0x9e3779b1)) | 0;

/**
 * Runs one invariant as fast-check properties: the coverage phase (one run per chosen seed), then
 * random runs. After a failure is shrunk it goes on, so that every distinct problem (violation
 * key) is reported, up to `maxFailures`; a violation of a key already found only counts.
 *
 * The checks for the time share, Ctrl-C and a failed target come before each run; a run in flight
 * ends on its own, unless the transport aborts its requests (a staging run's deadline, or Ctrl-C:
 * then it stops as spent or interrupted, and its restores still go out as cleanup). Before any failure they stop the property; while a failure is being
 * shrunk they only end the shrinking, which keeps the smallest case found so far.
 */
export async function runInvariant(options: InvariantRunOptions): Promise<InvariantResult> {
  const { world, invariant, oracle, emit } = options;
  const replay = options.replay && splitReplayPath(options.replay.path);
  const property = invariant.property(options.ctx, oracle, replay?.state);
  const started = Date.now();
  const requestsBefore = world.target.stats.requests;
  const failures = new Map<string, Failure>();
  let runs = 0;
  let targetFailure: Error | undefined;
  // The failure being shrunk: its key, and the smallest case that still shows it (a box: the property writes it).
  const shrinking: { current: Hunt | undefined } = { current: undefined };

  const stopReason = (): StopReason | undefined =>
    options.signal?.aborted
      ? 'interrupt'
      : targetFailure
        ? 'target-failed'
        : options.deadline !== undefined && Date.now() >= options.deadline
          ? 'time-budget'
          : undefined;

  async function predicate(c: unknown): Promise<void> {
    const reason = stopReason();
    const hunting = shrinking.current;
    if (reason) {
      if (hunting) return;
      throw new Stop(reason);
    }
    let outcome: Awaited<ReturnType<typeof property.run>>;
    try {
      outcome = await property.run(world, c);
    } catch (error) {
      if (!(error instanceof TransportError || error instanceof WorldError)) throw error;
      // The run's deadline aborted a request in flight: the budget is spent, the target did nothing wrong.
      const spent = error instanceof TransportError && error.code === 'EDEADLINE';
      if (!spent) targetFailure = error;
      if (hunting) return;
      throw new Stop(options.signal?.aborted ? 'interrupt' : spent ? 'time-budget' : 'target-failed');
    }
    const { violation } = outcome;
    const key = violation && violationKey(violation);
    if (!hunting) {
      runs += 1;
      await emit({
        type: 'run-finished',
        invariant: invariant.id,
        runs,
        planned: options.runs,
        failures: failures.size + (key && !failures.has(key) ? 1 : 0),
        timings: outcome.timings,
        propagation: (outcome.observation.propagation ?? []).map((p) => ({
          invariant: invariant.id,
          surface: p.surface,
          reflectedAfterMs: p.reflectedAfterMs ?? null,
          probes: p.probes,
        })),
      });
    }
    if (!violation || !key) return;
    if (!hunting) {
      const known = failures.get(key);
      if (known) {
        known.occurrences += 1;
        return;
      }
      const foundAt = {
        run: runs,
        requests: world.target.stats.requests - requestsBefore,
        afterMs: Date.now() - started,
      };
      shrinking.current = { key, violation, case: c, foundAt };
      throw new ViolationError(violation);
    }
    if (key !== hunting.key) return;
    shrinking.current = { ...hunting, violation, case: c };
    throw new ViolationError(violation);
  }

  const counterexample = (found: Hunt, seed: number, path: string, shrinks: number) => {
    const exchanges: Exchange[] = [
      ...new Map(found.violation.exchanges.map((e) => [e.seq, boundedExchange(e)])).values(),
    ];
    const state = property.replayState?.(found.case);
    const withState = state === undefined ? path : `${path}${STATE_MARK}${state}`;
    const cx: Counterexample = {
      seed,
      path: withState,
      case: found.case,
      description: property.describe(found.case),
      message: found.violation.message,
      exchanges,
      curl: exchanges.map((exchange) => curlLine(exchange, world.target.info)),
      replay: replayCommand(invariant.id, seed, withState),
      shrinks,
    };
    return cx;
  };

  const phases = options.replay
    ? [{ seed: options.replay.seed, numRuns: 1, path: replay?.path }]
    : planPhases(options, property, stopReason);
  const asyncProperty = fc.asyncProperty(property.cases, predicate);
  let stopped: StopReason | undefined;
  let crash: unknown;
  for (const phase of phases) {
    let left = phase.numRuns;
    let seed = phase.seed;
    for (let k = 1; left > 0 && !stopped && crash === undefined; k += 1) {
      const before = runs;
      shrinking.current = undefined;
      const details = await fc.check(asyncProperty, {
        numRuns: left,
        seed,
        ...(phase.path === undefined ? {} : { path: phase.path }),
        endOnFailure: !options.shrink,
      });
      left -= runs - before;
      if (!details.failed) break;
      const error: unknown = details.errorInstance;
      // Read through a call: the property set it while fast-check ran, which the compiler cannot see.
      const found = hunted(shrinking);
      if (error instanceof Stop) stopped = error.reason;
      else if (error instanceof ViolationError && found) {
        const failure: Failure = {
          key: found.key,
          kind: found.violation.kind,
          rule: found.violation.rule,
          status: found.violation.status,
          code: found.violation.code,
          occurrences: 1,
          foundAt: found.foundAt,
          counterexample: counterexample(found, seed, details.counterexamplePath ?? '', details.numShrinks),
        };
        failures.set(found.key, failure);
        await emit({ type: 'violation-found', invariant: invariant.id, failure });
        if (failures.size >= options.maxFailures) stopped = 'max-failures';
        seed = continuation(phase.seed, k);
      } else crash = error;
    }
    if (stopped || crash !== undefined) break;
  }
  stopped ??= stopReason();

  const base = {
    id: invariant.id,
    title: invariant.title,
    doc: invariant.doc,
    runs,
    planned: options.runs,
    stopped: runs < options.runs || stopped === 'max-failures' ? stopped : undefined,
    durationMs: Date.now() - started,
    requests: world.target.stats.requests - requestsBefore,
    seed: options.seed,
    failures: [...failures.values()],
  };
  if (crash !== undefined)
    return {
      ...base,
      verdict: 'error',
      error: `the property crashed: ${crash instanceof Error ? crash.message : String(crash)}`,
      errorCause: 'suite',
    };
  if (failures.size > 0) return { ...base, verdict: 'violated' };
  if (targetFailure) return { ...base, verdict: 'error', error: targetFailure.message, errorCause: 'target' };
  if (stopped === 'interrupt') return { ...base, verdict: 'interrupted' };
  // No run at all is no evidence: not "held".
  if (runs === 0) return { ...base, verdict: 'skipped', skipReason: 'the time budget ran out before its first run' };
  return { ...base, verdict: 'held' };
}

const hunted = (box: { current: Hunt | undefined }): Hunt | undefined => box.current;

/**
 * The coverage phase first — one run per chosen seed, to touch as many input classes as a small
 * budget allows — then random runs from the invariant's seed. No candidates are drawn when the
 * time share is already spent.
 */
function planPhases(
  options: InvariantRunOptions,
  property: ReturnType<Invariant['property']>,
  stopReason: () => StopReason | undefined,
): { seed: number; numRuns: number; path?: string }[] {
  const coverage =
    !property.features || stopReason()
      ? []
      : coverageSeeds(property.cases, property.features, { seed: options.seed, max: Math.min(options.runs - 1, 30) });
  return [
    ...coverage.map((seed) => ({ seed, numRuns: 1 })),
    { seed: options.seed, numRuns: options.runs - coverage.length },
  ];
}
