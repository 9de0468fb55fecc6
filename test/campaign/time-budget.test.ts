import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../src/campaign/index.ts';
import { INVARIANTS } from '../../src/invariants/index.ts';
import { loadContract, resolveAssumptions } from '../../src/spec/index.ts';
import { embeddedTarget } from '../../src/target/index.ts';

describe('a campaign under a time budget', () => {
  it('lets the run in flight end before the next invariant starts: no false alarm from an overlap', async () => {
    const contract = await loadContract();
    const oracle = { contract, assumptions: resolveAssumptions(), strict: false };
    // A server slow to write: the budget ends runs in the middle of an update.
    const target = await embeddedTarget(
      {},
      {
        transport: (send) => async (raw) => {
          await sleep(raw.method === 'PUT' ? 120 : 5);
          return send(raw);
        },
      },
    );
    const ids = ['attributes-applied', 'auth-enforced', 'role-reassigned', 'others-untouched'];
    const invariants = ids.map((id) => INVARIANTS.find((i) => i.id === id)!);
    try {
      const result = await runCampaign(target, { runs: 6, seed: 11, oracle, invariants, timeBudgetMs: 1500 });
      expect(result.invariants.map((r) => [r.id, r.verdict])).toEqual(ids.map((id) => [id, 'held']));
      expect(result.invariants.some((r) => r.interrupted)).toBe(true);
    } finally {
      await target.close();
    }
  }, 30_000);
});
