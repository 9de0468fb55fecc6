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
   * Waits for a run that fast-check's time limit abandoned (it stops waiting, the run goes on) and
   * discards what it finds: the next invariant must not share the fixtures with it.
   */
  settle(): Promise<void>;
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
  let inFlight: Promise<void> = Promise.resolve();
  // Bumped by settle(): a run started before it belongs to a check that has already returned.
  let settled = 0;
  return {
    arbitrary: property.cases,
    features: property.features,
    async predicate(c) {
      // Once the target itself failed, the remaining runs (and shrinking) are pointless.
      if (infrastructure || options.signal?.aborted) return;
      executions += 1;
      const generation = settled;
      let outcome: { violation: Violation | undefined; observation: Observation; timings: RunTimings };
      try {
        const running = property.run(world, c);
        inFlight = running.then(
          () => undefined,
          () => undefined,
        );
        outcome = await running;
        if (generation !== settled) return;
      } catch (error) {
        if (generation !== settled) return;
        if (error instanceof TransportError || error instanceof WorldError) {
          infrastructure = error;
          return;
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
      if (outcome.violation) {
        failures += 1;
        lastFailure = { violation: outcome.violation, case: c };
      }
      options.onRun?.(executions, failures);
      if (outcome.violation) throw new ViolationError(outcome.violation);
    },
    counterexample(details) {
      if (!details.failed || !lastFailure) return undefined;
      const path = details.counterexamplePath ?? '';
      const exchanges: Exchange[] = [...new Map(lastFailure.violation.exchanges.map((e) => [e.seq, e])).values()];
      return {
        seed: details.seed,
        path,
        case: lastFailure.case,
        description: property.describe(lastFailure.case),
        message: lastFailure.violation.message,
        exchanges,
        curl: exchanges.map(curlLine),
        replay: replayCommand(invariant.id, details.seed, path),
        shrinks: details.numShrinks,
      };
    },
    infrastructureError: () => infrastructure,
    async settle() {
      settled += 1;
      await inFlight;
    },
  };
}
