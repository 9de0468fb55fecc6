import { describe, expect, it } from 'vitest';
import { INVARIANT_IDS, INVARIANTS, selectInvariants } from '../../src/invariants/index.ts';
import { FAULTS } from '../../src/mock/index.ts';
import { defaultAssumptions, FAULT_NAMES, type Assumption, type AssumptionKey } from '../../src/spec/index.ts';

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

  it('says of a fault that takes a reading which one: an alternative a correct server may take, not the mock’s own', () => {
    const taking = FAULTS.filter((f) => f.takes);
    expect(taking.map((f) => f.name).sort()).toEqual(['self-update-allowed', 'update-skips-permission-check']);
    for (const fault of taking)
      for (const [key, value] of Object.entries(fault.takes ?? {})) {
        const point = defaultAssumptions[key as AssumptionKey] as Assumption<unknown>;
        expect(point, `${fault.name}: ${key}`).toBeDefined();
        expect(
          point.alternatives.map((a) => JSON.stringify(a)),
          fault.name,
        ).toContain(JSON.stringify(value));
      }
  });

  it('selects with --only and --skip, and refuses an unknown id', () => {
    expect(selectInvariants(['idempotent']).map((i) => i.id)).toEqual(['idempotent']);
    expect(selectInvariants([], ['idempotent'])).toHaveLength(INVARIANTS.length - 1);
    expect(() => selectInvariants(['nope'])).toThrow(/unknown invariant "nope"/);
  });
});
