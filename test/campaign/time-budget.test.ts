import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { campaignConfig, runCampaign } from '../../src/campaign/index.ts';
import { embeddedTarget } from '../../src/embedded/index.ts';
import type { InvariantId } from '../../src/invariants/index.ts';

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

const under = (invariants: InvariantId[], seed: number, timeBudgetMs: number) =>
  campaignConfig({ invariants, runs: 6, seed, timeBudgetMs });

describe('a campaign under a time budget', () => {
  it('lets the run in flight end before the next invariant starts: no false alarm from an overlap', async () => {
    const target = await slowWriter();
    const ids: InvariantId[] = ['attributes-applied', 'auth-enforced', 'role-reassigned', 'others-untouched'];
    try {
      const result = await runCampaign(target, under(ids, 11, 1500));
      // On a busy machine the last one may get no time at all: skipped, never a false alarm.
      const ran = result.invariants.filter((r) => r.verdict !== 'skipped');
      expect(ran.map((r) => [r.id, r.verdict])).toEqual(ran.map((r) => [r.id, 'held']));
      expect(ran.length).toBeGreaterThanOrEqual(3);
      expect(result.invariants.some((r) => r.stopped === 'time-budget')).toBe(true);
    } finally {
      await target.close();
    }
  });

  it('calls an invariant the budget left no time for skipped, not held', async () => {
    // The first invariant's first update outlasts the whole budget.
    const target = await slowWriter([], 500);
    try {
      const result = await runCampaign(target, under(['attributes-applied', 'others-untouched'], 3, 300));
      const [first, starved] = result.invariants;
      expect(first).toMatchObject({ verdict: 'held', runs: 1, planned: 6, stopped: 'time-budget' });
      expect(starved).toMatchObject({
        verdict: 'skipped',
        runs: 0,
        skipReason: 'the time budget ran out before its first run',
      });
    } finally {
      await target.close();
    }
  });

  it('reports what the last run found, unshrunk when the budget is spent, and replayable from its seed and path', async () => {
    const target = await slowWriter(['secret-rotates-on-update'], 500);
    try {
      const cut = await runCampaign(target, under(['secret-unchanged'], 5, 300));
      const [found] = cut.invariants;
      expect(found).toMatchObject({ verdict: 'violated', runs: 1, stopped: 'time-budget' });
      const { seed, path, case: failing, shrinks } = found!.failures[0]!.counterexample;
      expect(shrinks).toBe(0);
      const again = { ...under(['secret-unchanged'], 5, 60_000), shrink: false, replay: { seed, path } };
      const replayed = await runCampaign(target, again);
      expect(replayed.invariants[0]?.verdict).toBe('violated');
      expect(replayed.invariants[0]?.failures[0]?.counterexample.case).toEqual(failing);
    } finally {
      await target.close();
    }
  });
});
