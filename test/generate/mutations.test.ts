import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_FLAG_COMBINATIONS,
  flagTransition,
  mutatedArbitrary,
  mutationsOf,
  SELF_CALLERS,
  tokenName,
  updateCases,
  validUpdateBodies,
  type UpdateCase,
} from '../../src/generate/index.ts';
import { loadContract, type Contract, type JsonSchema } from '../../src/spec/index.ts';

let contract: Contract;
let schema: JsonSchema;
let validate: (schema: JsonSchema, value: unknown) => boolean;
beforeAll(async () => {
  contract = await loadContract();
  schema = contract.operation('updateAccessToken').requestBody!.get('application/json')!;
  validate = (s, v) => contract.validate(s, v).valid;
});

describe('negative generation', () => {
  it('every schema-driven mutation of a valid update body makes it invalid', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(validUpdateBodies(schema, validate), (body) => {
        for (const mutation of mutationsOf(schema, body)) {
          kinds.add(mutation.kind);
          const broken = mutation.apply(body, { text: 'x', key: 'extra', type: 'integer', number: 7 });
          expect(validate(schema, broken), `${mutation.kind} at ${mutation.pointer}`).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
    expect([...kinds].sort()).toEqual([
      'drop-required',
      'null-not-nullable',
      'too-short',
      'unknown-key',
      'wrong-const',
      'wrong-type',
    ]);
  });

  it('labels each mutated value with the mutation and where it was applied', () => {
    const labels = fc
      .sample(mutatedArbitrary(schema, validUpdateBodies(schema, validate)), { seed: 1, numRuns: 300 })
      .map((m) => m.label);
    expect(labels.every((l) => /^[a-z-]+$/.test(l.kind) && l.pointer.startsWith('/'))).toBe(true);
    expect(new Set(labels.map((l) => l.kind)).size).toBeGreaterThanOrEqual(5);
  });

  it('reaches the mutations real servers get wrong: read-only attributes, a null role, another token id, unknown attributes', () => {
    const cases = fc.sample(updateCases(schema, validate, { bodies: 'invalid' }), { seed: 2, numRuns: 2000 });
    const labels = cases.map((c: UpdateCase) => c.mutation?.kind ?? '');
    for (const kind of [
      'read-only-token',
      'read-only-hardcoded_type',
      'role-data-null',
      'id-of-another-token',
      'unknown-attribute',
      'malformed-json',
    ]) {
      expect(
        labels.some((l) => l.startsWith(kind)),
        kind,
      ).toBe(true);
    }
  });
});

describe('domain overlays', () => {
  const names = () => fc.sample(tokenName, 3000);

  it.each([
    ['astral-plane characters', /[\u{10000}-\u{10FFFF}]/u],
    ['right-to-left text', /[\u0590-\u08ff\u200f\u202e]/],
    ['zero-width characters', /[\u200b-\u200d\u2060\ufeff]/],
    ['combining marks', /\p{M}/u],
    ['whitespace only', /^\s+$/u],
    ['the empty name', /^$/],
  ])('names include %s', (_label, pattern) => {
    expect(names().some((n) => pattern.test(n))).toBe(true);
  });

  it('names include very long ones', () => {
    expect(names().some((n) => [...n].length >= 300)).toBe(true);
  });

  it('covers the 8 flag combinations, and every flag is granted and revoked', () => {
    expect(new Set(ALL_FLAG_COMBINATIONS.map((f) => JSON.stringify(f))).size).toBe(8);
    for (const flag of ['can_access_cda', 'can_access_cda_preview', 'can_access_cma'] as const) {
      const transitions = fc.sample(flagTransition(flag), 200);
      expect(transitions.some((t) => !t.from[flag] && t.to[flag])).toBe(true);
      expect(transitions.some((t) => t.from[flag] && !t.to[flag])).toBe(true);
    }
  });

  it('chooses the role as omitted, the same, or another existing one (an unknown one is a mutation)', () => {
    const ids = fc.sample(validUpdateBodies(schema, validate), 500).map((b) => {
      const role = (b as { data: { relationships?: { role: { data: { id: string } } } } }).data.relationships?.role.data
        .id;
      return role ?? 'omitted';
    });
    expect(new Set(ids)).toEqual(new Set(['omitted', '{{role:same}}', '{{role:other}}']));
  });

  it('addresses an owned, a factory, an unknown or a deleted token', () => {
    const cases = fc.sample(
      updateCases(schema, validate, { targets: ['owned', 'hardcoded', 'unknown', 'deleted'] }),
      300,
    ) as UpdateCase[];
    expect(new Set(cases.map((c) => c.target))).toEqual(new Set(['owned', 'hardcoded', 'unknown', 'deleted']));
  });

  it("addresses a weak caller's own token, and only from a caller that has one", () => {
    const callers = ['none', 'invalid', 'no-manage', 'no-cma'] as const;
    const cases = fc.sample(
      updateCases(schema, validate, { targets: ['owned', 'self'], callers }),
      400,
    ) as UpdateCase[];
    const self = cases.filter((c) => c.target === 'self');
    expect(new Set(self.map((c) => c.caller))).toEqual(new Set(SELF_CALLERS));
    expect(new Set(cases.filter((c) => c.target === 'owned').map((c) => c.caller))).toEqual(new Set(callers));
    expect(() => updateCases(schema, validate, { targets: ['self'], callers: ['admin', 'none'] })).toThrow(
      /needs a caller with a token of its own/,
    );
  });
});
