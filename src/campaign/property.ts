import type fc from 'fast-check';
import type { Invariant, OracleContext, RunTimings, Violation } from '../invariants/index.ts';
import { WorldError, type CaseContext, type Observation, type World } from '../scenarios/index.ts';
import { curlLine, TransportError, type Exchange } from '../target/index.ts';
import type { Counterexample, PropagationSample } from './types.ts';

/** Thrown inside a property: fast-check shrinks it; the runner reports it. */
export class ViolationError extends Error {
  override readonly name = 'ViolationError';
  constructor(readonly violation: Violation) {
    super(violation.message);
  }
}

export interface LiveOptions {
  signal?: AbortSignal;
  /** After each run: where its time went (the benchmark's breakdown). */
  onTimings?: (timings: RunTimings) => void;
  /** After each run: how many so far, and how many failed. */
  onRun?: (executions: number, failures: number) => void;
  propagation?: PropagationSample[];
}

/** An invariant bound to a world: what fast-check needs, and what it leaves to report afterwards. */
export interface LiveProperty {
  arbitrary: fc.Arbitrary<unknown>;
  features: ((c: unknown) => readonly string[]) | undefined;
  predicate(c: unknown): Promise<void>;
  /** The shrunk counterexample once fast-check reports a failure (undefined if it was no violation). */
  counterexample(details: fc.RunDetails<[unknown]>): Counterexample | undefined;
  /** The target's failure that stopped the property, if any (not a violation: an error). */
  infrastructureError(): Error | undefined;
  /**
   * Waits for a run that fast-check's time limit abandoned (fast-check stops waiting, the run goes
   * on), so that it cannot overlap the next invariant, and hands over what it found.
   */
  settle(): Promise<LateRun | undefined>;
  /** The counterexample of a violation an abandoned run found: unshrunk, replayable from its path. */
  lateCounterexample(late: LateRun & { violation: Violation }, seed: number, path: string): Counterexample;
}

export interface LateRun {
  case: unknown;
  violation: Violation | undefined;
  /** What the run threw that is no violation: a defect of the suite. */
  crash?: unknown;
}

export const replayCommand = (invariant: string, seed: number, path: string): string =>
  `npx token-contract fuzz --only ${invariant} --replay=${seed}:${path}`;

export function liveProperty(
  world: World,
  invariant: Invariant,
  ctx: CaseContext,
  oracle: OracleContext,
  options: LiveOptions = {},
): LiveProperty {
  const property = invariant.property(ctx, oracle);
  let executions = 0;
  let failures = 0;
  let infrastructure: Error | undefined;
  let lastFailure: { violation: Violation; case: unknown } | undefined;
  // Bumped by settle(): a run started before it belongs to a check that has already returned.
  let settled = 0;
  let current: { case: unknown; generation: number; result: Promise<Violation | undefined> } | undefined;

  /** One run, bookkeeping included; a failure of the target ends the property instead. */
  async function evaluate(c: unknown): Promise<Violation | undefined> {
    executions += 1;
    let outcome: { violation: Violation | undefined; observation: Observation; timings: RunTimings };
    try {
      outcome = await property.run(world, c);
    } catch (error) {
      if (error instanceof TransportError || error instanceof WorldError) {
        infrastructure = error;
        return undefined;
      }
      throw error;
    }
    options.onTimings?.(outcome.timings);
    for (const sample of outcome.observation.propagation ?? []) {
      options.propagation?.push({
        invariant: invariant.id,
        surface: sample.surface,
        reflectedAfterMs: sample.reflectedAfterMs ?? null,
        probes: sample.probes,
      });
    }
    if (outcome.violation) failures += 1;
    options.onRun?.(executions, failures);
    return outcome.violation;
  }

  const counterexampleOf = (
    failure: { violation: Violation; case: unknown },
    seed: number,
    path: string,
    shrinks: number,
  ): Counterexample => {
    const exchanges: Exchange[] = [...new Map(failure.violation.exchanges.map((e) => [e.seq, e])).values()];
    return {
      seed,
      path,
      case: failure.case,
      description: property.describe(failure.case),
      message: failure.violation.message,
      exchanges,
      curl: exchanges.map(curlLine),
      replay: replayCommand(invariant.id, seed, path),
      shrinks,
    };
  };

  return {
    arbitrary: property.cases,
    features: property.features,
    async predicate(c) {
      // Once the target itself failed, the remaining runs (and shrinking) are pointless.
      if (infrastructure || options.signal?.aborted) return;
      const run = { case: c, generation: settled, result: evaluate(c) };
      current = run;
      let violation: Violation | undefined;
      try {
        violation = await run.result;
      } finally {
        if (run.generation === settled) current = undefined;
      }
      // Abandoned by fast-check's time limit: nobody listens any more; settle() reports it.
      if (run.generation !== settled) return;
      if (violation) {
        lastFailure = { violation, case: c };
        throw new ViolationError(violation);
      }
    },
    counterexample(details) {
      if (!details.failed || !lastFailure) return undefined;
      return counterexampleOf(lastFailure, details.seed, details.counterexamplePath ?? '', details.numShrinks);
    },
    lateCounterexample: (late, seed, path) => counterexampleOf(late, seed, path, 0),
    infrastructureError: () => infrastructure,
    async settle() {
      settled += 1;
      const run = current;
      current = undefined;
      if (!run) return undefined;
      try {
        return { case: run.case, violation: await run.result };
      } catch (crash) {
        return { case: run.case, violation: undefined, crash };
      }
    },
  };
}
