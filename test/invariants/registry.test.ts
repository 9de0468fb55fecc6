import { describe, expect, it } from 'vitest';
import { INVARIANT_IDS, INVARIANTS, selectInvariants } from '../../src/invariants/index.ts';
import { FAULTS } from '../../src/mock/index.ts';
import { FAULT_NAMES } from '../../src/spec/index.ts';

describe('the invariant registry', () => {
  it('holds every id once, in the documented order', () => {
    expect(INVARIANTS.map((i) => i.id)).toEqual([...INVARIANT_IDS]);
  });

  it('names, for every invariant, faults of the catalogue that break it; every fault breaks one', () => {
    const names = new Set(FAULTS.map((f) => f.name));
    for (const invariant of INVARIANTS) {
      expect(invariant.killedBy.length, invariant.id).toBeGreaterThan(0);
      for (const fault of invariant.killedBy) expect(names.has(fault), `${invariant.id} → ${fault}`).toBe(true);
    }
    const used = new Set(INVARIANTS.flatMap((i) => i.killedBy));
    expect(FAULTS.filter((f) => !used.has(f.name)).map((f) => f.name)).toEqual([]);
  });

  it('knows every fault by a name of the shared list, and the list names no fault the mock lacks', () => {
    expect(FAULTS.map((f) => f.name)).toEqual([...FAULT_NAMES]);
  });

  it('selects with --only and --skip, and refuses an unknown id', () => {
    expect(selectInvariants(['idempotent']).map((i) => i.id)).toEqual(['idempotent']);
    expect(selectInvariants([], ['idempotent'])).toHaveLength(INVARIANTS.length - 1);
    expect(() => selectInvariants(['nope'])).toThrow(/unknown invariant "nope"/);
  });
});
