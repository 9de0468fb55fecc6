import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../src/invariants/index.ts';
import { FAULTS } from '../../src/mock/index.ts';
import { campaignOf } from './campaign.ts';

/** The reading of an open point a fault takes, if it is one a correct server may take (src/mock/faults/define.ts). */
const takes = (fault: string) => FAULTS.find((f) => f.name === fault)?.takes;

/**
 * A property no fault can break is a defect. Each fault of the catalogue is switched on in a fresh
 * mock, and every invariant that names it must report it, under the given oracle. A fault that
 * takes a reading a correct server may take is reported only by the strict oracle: the default
 * one, which accepts every reading, must hold (no false alarm against such a server).
 */
export function everyFaultIsCaught(strict: boolean): void {
  const kills = INVARIANTS.flatMap((invariant) => invariant.killedBy.map((fault) => ({ fault, id: invariant.id })));
  describe(strict ? 'with --strict-assumptions' : 'with the default oracle', () => {
    it.each(kills.filter((k) => strict || !takes(k.fault)))('fault $fault makes $id fail', async ({ fault, id }) => {
      const result = await campaignOf(id, { faults: [fault] }, { runs: 200, shrink: false, maxFailures: 1, strict });
      expect(result.error).toBeUndefined();
      expect(result.verdict).toBe('violated');
      const [failure] = result.failures;
      expect(failure?.counterexample.replay).toContain(`--only ${id} `);
      expect(failure?.counterexample.exchanges.length).toBeGreaterThan(0);
    });

    if (!strict) {
      const readings = kills.filter((k) => takes(k.fault));
      it.each(readings)('fault $fault takes a reading a correct server may take: $id holds', async ({ fault, id }) => {
        const result = await campaignOf(id, { faults: [fault] }, { runs: 50, shrink: false, maxFailures: 1 });
        expect(result.error).toBeUndefined();
        expect(result.verdict, JSON.stringify(takes(fault))).toBe('held');
      });
    }
  });
}
