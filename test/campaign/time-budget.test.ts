import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCampaign } from '../../src/campaign/index.ts';
import { INVARIANTS, type Invariant, type OracleContext } from '../../src/invariants/index.ts';
import { loadContract, resolveAssumptions } from '../../src/spec/index.ts';
import { embeddedTarget } from '../../src/target/index.ts';

/** The mock behind a server slow to write: a time budget ends runs in the middle of an update. */
const slowWriter = (faults: string[] = [], putDelayMs = 120) =>
  embeddedTarget(
    { faults },
    {
      transport: (send) => async (raw) => {
        await sleep(raw.method === 'PUT' ? putDelayMs : 5);
        return send(raw);
      },
    },
  );

const invariantById = (id: string): Invariant => INVARIANTS.find((i) => i.id === id)!;

describe('a campaign under a time budget', () => {
  let oracle: OracleContext;
  beforeAll(async () => {
    oracle = { contract: await loadContract(), assumptions: resolveAssumptions(), strict: false };
  });

  it('lets the run in flight end before the next invariant starts: no false alarm from an overlap', async () => {
    const target = await slowWriter();
    const ids = ['attributes-applied', 'auth-enforced', 'role-reassigned', 'others-untouched'];
    const invariants = ids.map(invariantById);
    try {
      const result = await runCampaign(target, { runs: 6, seed: 11, oracle, invariants, timeBudgetMs: 1500 });
      expect(result.invariants.map((r) => [r.id, r.verdict])).toEqual(ids.map((id) => [id, 'held']));
      expect(result.invariants.some((r) => r.interrupted)).toBe(true);
    } finally {
      await target.close();
    }
  }, 30_000);

  it('calls an invariant the budget left no time for skipped, not held', async () => {
    const ids = ['attributes-applied', 'others-untouched'];
    const invariants = ids.map(invariantById);
    // The first invariant's first update outlasts the whole budget.
    const target = await slowWriter([], 1500);
    try {
      const result = await runCampaign(target, { runs: 6, seed: 3, oracle, invariants, timeBudgetMs: 1000 });
      const [first, starved] = result.invariants;
      expect(first).toMatchObject({ verdict: 'held', runs: 1, planned: 6, interrupted: true });
      expect(starved).toMatchObject({
        verdict: 'skipped',
        runs: 0,
        interrupted: true,
        skipReason: 'the time budget ran out before its first run',
      });
    } finally {
      await target.close();
    }
  }, 30_000);

  it('reports a crash of the suite in the run cut off by the budget as an error, not as a run that held', async () => {
    const sound = invariantById('secret-unchanged');
    const crashing: Invariant = {
      ...sound,
      property(ctx, o) {
        const property = sound.property(ctx, o);
        return {
          ...property,
          async run(world, c) {
            await property.run(world, c);
            throw new Error('a defect of the suite');
          },
        };
      },
    };
    const target = await slowWriter([], 1500);
    try {
      const cut = await runCampaign(target, { runs: 6, seed: 5, oracle, invariants: [crashing], timeBudgetMs: 1000 });
      expect(cut.invariants[0]).toMatchObject({
        verdict: 'error',
        error: 'the property crashed: a defect of the suite',
        runs: 1,
        interrupted: true,
      });
    } finally {
      await target.close();
    }
  }, 30_000);

  it('reports what the run cut off by the budget found, replayable from its seed and path', async () => {
    const invariants = [invariantById('secret-unchanged')];
    // The budget outlasts choosing the first runs, even on a busy machine, but not one update.
    const target = await slowWriter(['secret-rotates-on-update'], 1500);
    try {
      const cut = await runCampaign(target, { runs: 6, seed: 5, oracle, invariants, timeBudgetMs: 1000 });
      const [found] = cut.invariants;
      expect(found).toMatchObject({ verdict: 'violated', runs: 1, interrupted: true });
      const { seed, path, case: failing } = found!.counterexample!;
      const replayed = await runCampaign(target, {
        runs: 6,
        seed: 5,
        oracle,
        invariants,
        replay: { seed, path },
        shrink: false,
      });
      expect(replayed.invariants[0]).toMatchObject({ verdict: 'violated' });
      expect(replayed.invariants[0]!.counterexample!.case).toEqual(failing);
    } finally {
      await target.close();
    }
  }, 30_000);
});
