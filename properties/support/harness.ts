import fc from 'fast-check';
import { afterAll } from 'vitest';
import { liveProperty } from '../../src/campaign/index.ts';
import { invariantById, type InvariantId, type OracleContext } from '../../src/invariants/index.ts';
import { formatCounterexample } from '../../src/report/index.ts';
import { caseContext, World, type CaseContext } from '../../src/scenarios/index.ts';
import { loadContract, resolveAssumptions } from '../../src/spec/index.ts';
import { embeddedTarget, remoteConfigFromEnv, remoteTarget, type Target } from '../../src/target/index.ts';

/** Runs per property; FUZZ_RUNS scales every suite. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 100);

export interface Suite {
  target: Target;
  world: World;
  ctx: CaseContext;
  oracle: OracleContext;
  /** The pieces test.prop needs for one invariant: its cases, its parameters, and its check. */
  property(id: InvariantId): {
    cases: fc.Arbitrary<unknown>;
    params: fc.Parameters<[unknown]>;
    check: (c: unknown) => Promise<void>;
  };
}

/**
 * The target of a property file: the embedded mock (with the faults of TOKEN_CONTRACT_FAULTS, a
 * comma-separated list, to see a failure), or a remote project when TOKEN_CONTRACT_TARGET=staging
 * (with the DATOCMS_* variables of the README).
 */
export async function suite(): Promise<Suite> {
  const faults = (process.env.TOKEN_CONTRACT_FAULTS ?? '').split(',').filter(Boolean);
  const target =
    process.env.TOKEN_CONTRACT_TARGET === 'staging'
      ? await remoteTarget(remoteConfigFromEnv(process.env))
      : await embeddedTarget({ faults });
  const contract = await loadContract();
  const oracle: OracleContext = { contract, assumptions: resolveAssumptions(), strict: false };
  const world = await World.create(target);
  afterAll(async () => {
    await world.dispose();
    await target.close();
  });
  const ctx = caseContext(contract, world);
  return {
    target,
    world,
    ctx,
    oracle,
    property(id) {
      const invariant = invariantById(id);
      const live = liveProperty(world, invariant, ctx, oracle);
      const params: fc.Parameters<[unknown]> = {
        numRuns: FUZZ_RUNS,
        ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
        // A failure reads like a bug report: invariant, doc sentence, shrunk exchanges, curl, replay.
        asyncReporter: async (details) => {
          const infrastructure = live.infrastructureError();
          if (infrastructure) throw new Error(`${id}: the target failed — ${infrastructure.message}`);
          if (!details.failed) return;
          const counterexample = live.counterexample(details);
          throw new Error(
            counterexample
              ? formatCounterexample(id, invariant.title, invariant.doc, counterexample)
              : fc.defaultReportMessage(details),
          );
        },
      };
      return { cases: live.arbitrary, params, check: live.predicate };
    },
  };
}
