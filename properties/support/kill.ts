import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../src/campaign/index.ts';
import { invariantById, type InvariantId } from '../../src/invariants/index.ts';
import { loadContract, resolveAssumptions } from '../../src/spec/index.ts';
import { embeddedTarget } from '../../src/target/index.ts';
import { FUZZ_RUNS } from './harness.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

/**
 * A property no fault can break is a defect. For each invariant, each fault it names in `killedBy`
 * is switched on in a fresh mock, and the invariant must report a counterexample of its own.
 */
export function eachInvariantCanFail(ids: readonly InvariantId[]): void {
  for (const id of ids) {
    const invariant = invariantById(id);
    describe(id, () => {
      it.each(invariant.killedBy)(`fault %s makes ${id} fail`, async (fault) => {
        const contract = await loadContract();
        const target = await embeddedTarget({ faults: [fault] });
        try {
          const result = await runCampaign(target, {
            invariants: [invariant],
            runs: Math.max(FUZZ_RUNS, 200),
            seed: SEED,
            oracle: { contract, assumptions: resolveAssumptions(), strict: false },
          });
          const [outcome] = result.invariants;
          expect(outcome?.error).toBeUndefined();
          expect(outcome?.verdict).toBe('violated');
          expect(outcome?.counterexample?.replay).toContain(`--only ${id} `);
          expect(outcome?.counterexample?.exchanges.length).toBeGreaterThan(0);
        } finally {
          await target.close();
        }
      });
    });
  }
}
