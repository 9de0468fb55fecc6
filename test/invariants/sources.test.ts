import { describe, expect, it } from 'vitest';
import { INVARIANTS, RULES } from '../../src/invariants/index.ts';
import { ASSUMPTION_KEYS, CITED, type Source } from '../../src/spec/index.ts';

// An oracle asserts only what a source states: a sentence of the DatoCMS documentation, a clause of
// RFC 9110 or JSON:API 1.0, or a named decision point of assumptions.ts (accepted in every reading).
const ORIGINS: Record<string, RegExp> = {
  datocms: /^https:\/\/(www\.datocms\.com\/docs\/|site-api\.datocms\.com\/docs\/)/,
  rfc9110: /^https:\/\/www\.rfc-editor\.org\/rfc\/rfc9110#section-[\d.]+$/,
  jsonapi: /^https:\/\/jsonapi\.org\/format\/1\.0\/#[\w-]+$/,
};

function problemsOf(source: Source | undefined): string[] {
  if (!source) return ['no source'];
  if (source.kind === 'assumption')
    return ASSUMPTION_KEYS.includes(source.key as never) ? [] : [`no decision point "${source.key}"`];
  const origin = ORIGINS[source.kind];
  if (!origin?.test(source.url)) return [`${source.kind} source at an unexpected address: ${source.url}`];
  return source.quote.trim().length < 10 ? ['no quoted sentence'] : [];
}

describe('every expectation names its source', () => {
  it.each(RULES.map((rule) => [rule.id, rule] as const))('classifier rule %s', (_id, rule) => {
    expect(problemsOf(rule.source)).toEqual([]);
    if (rule.documented) expect(problemsOf(rule.documented.source)).toEqual([]);
    if (rule.open) expect(problemsOf({ kind: 'assumption', key: rule.open.point })).toEqual([]);
  });

  it.each(INVARIANTS.map((invariant) => [invariant.id, invariant] as const))(
    'every violation of %s',
    (_id, invariant) => {
      expect(problemsOf(invariant.doc)).toEqual([]);
      const kinds = Object.entries(invariant.violations);
      expect(kinds.length).toBeGreaterThan(0);
      for (const [kind, source] of kinds) expect(problemsOf(source), kind).toEqual([]);
    },
  );

  it('finds a rule without a source (so the checks above can fail)', () => {
    expect(problemsOf(undefined)).toEqual(['no source']);
    expect(problemsOf({ kind: 'assumption', key: 'noSuchPoint' })).toEqual(['no decision point "noSuchPoint"']);
    expect(problemsOf({ ...CITED.updates, url: 'https://example.com/blog' })).toHaveLength(1);
  });

  it('gives every rule its own id', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });
});
