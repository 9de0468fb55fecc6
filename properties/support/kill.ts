import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../src/invariants/index.ts';
import { campaignOf } from './campaign.ts';

/**
 * A property no fault can break is a defect. Each fault of the catalogue is switched on in a fresh
 * mock, and every invariant that names it must report it, under the given oracle.
 */
export function everyFaultIsCaught(strict: boolean): void {
  const kills = INVARIANTS.flatMap((invariant) => invariant.killedBy.map((fault) => ({ fault, id: invariant.id })));
  describe(strict ? 'with --strict-assumptions' : 'with the default oracle', () => {
    it.each(kills)('fault $fault makes $id fail', async ({ fault, id }) => {
      const result = await campaignOf(id, { faults: [fault] }, { runs: 200, shrink: false, maxFailures: 1, strict });
      expect(result.error).toBeUndefined();
      expect(result.verdict).toBe('violated');
      const [failure] = result.failures;
      expect(failure?.counterexample.replay).toContain(`--only ${id} `);
      expect(failure?.counterexample.exchanges.length).toBeGreaterThan(0);
    });
  });
}
