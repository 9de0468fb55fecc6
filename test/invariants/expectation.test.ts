import { beforeAll, describe, expect, it } from 'vitest';
import { expectationOf, type OracleContext } from '../../src/invariants/index.ts';
import type { UpdateFacts } from '../../src/invariants/rules.ts';
import type { TokenView } from '../../src/scenarios/index.ts';
import { loadContract, readTokenBody, resolveAssumptions } from '../../src/spec/index.ts';
import { token } from '../support/observations.ts';

let oracle: OracleContext;
let strict: OracleContext;
beforeAll(async () => {
  oracle = { contract: await loadContract(), assumptions: resolveAssumptions(), strict: false };
  strict = { ...oracle, strict: true };
});

const attributes = { name: 'A name', can_access_cda: true, can_access_cda_preview: true, can_access_cma: false };
const body = (extra: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  data: { type: 'access_token', id: '10', attributes: { ...attributes, ...extra }, ...data },
});

/** The facts of one request, as the oracle sees them after it was sent. */
function facts(
  o: { body?: unknown; text?: string; caller?: UpdateFacts['caller']; target?: TokenView | undefined },
  with_: OracleContext = oracle,
): UpdateFacts {
  const value = o.body ?? body();
  const schema = with_.contract.operation('updateAccessToken').requestBody?.get('application/json');
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  return {
    caller: o.caller ?? 'admin',
    urlId: '10',
    target: 'target' in o ? o.target : token(),
    roles: new Set(['1', '2']),
    otherNames: new Set(['Read-only API token']),
    body: o.text === undefined ? { kind: 'json', value } : { kind: 'text', text: o.text },
    issues: o.text === undefined && isObject && schema ? with_.contract.validate(schema, value).issues : [],
    sent: readTokenBody(o.text === undefined ? value : undefined),
  };
}

const refused = (status: number, code: string) => ({ kind: 'refused' as const, status, codes: [code] });
const judge = (f: UpdateFacts, with_: OracleContext = oracle) => {
  const e = expectationOf(f, with_);
  return { mustApply: e.mustApply, mayApply: e.mayApply, rules: e.reasons.map((r) => r.rule.id) };
};

describe('the oracle is chosen from the concrete request, not from the generator', () => {
  it('a valid body must be applied', () => {
    expect(judge(facts({}))).toEqual({ mustApply: true, mayApply: true, rules: [] });
  });

  it('a body that breaks the schema must be refused: any client error with a DatoCMS error document', () => {
    const e = expectationOf(facts({ body: body({ token: 'abc' }) }), oracle);
    expect(e.mayApply).toBe(false);
    expect(e.accepts(refused(422, 'INVALID_FORMAT'))).toBe(true);
    expect(e.accepts(refused(400, 'INVALID_REQUEST'))).toBe(true);
    expect(e.accepts(refused(500, 'INTERNAL_SERVER_ERROR'))).toBe(false);
    expect(e.accepts({ kind: 'refused', status: 422, codes: [] })).toBe(false);
  });

  it('--strict-assumptions demands the assumed status and code', () => {
    const e = expectationOf(facts({ body: body({ token: 'abc' }) }, strict), strict);
    expect(e.accepts(refused(422, 'INVALID_FORMAT'))).toBe(true);
    expect(e.accepts(refused(400, 'INVALID_REQUEST'))).toBe(false);
  });

  it('an empty body may be refused as malformed JSON or as a document that breaks the schema', () => {
    const e = expectationOf(facts({ text: '' }), oracle);
    expect(e.mayApply).toBe(false);
    expect(e.accepts(refused(422, 'INVALID_FORMAT'))).toBe(true);
    expect(e.accepts(refused(400, 'INVALID_JSON_BODY'))).toBe(true);
  });

  it('an empty role id may fail the schema or be looked up and not found', () => {
    const e = expectationOf(
      facts({ body: body({}, { relationships: { role: { data: { type: 'role', id: '' } } } }) }),
      oracle,
    );
    expect(e.accepts(refused(404, 'NOT_FOUND'))).toBe(true);
    expect(e.accepts(refused(422, 'INVALID_FORMAT'))).toBe(true);
  });

  it('a factory token: NON_EDITABLE_ACCESS_TOKEN (documented) at any client-error status (undocumented)', () => {
    const e = expectationOf(facts({ target: token({ hardcoded_type: 'readonly' }) }), oracle);
    expect(e.accepts(refused(401, 'NON_EDITABLE_ACCESS_TOKEN'))).toBe(true);
    expect(e.accepts(refused(403, 'NON_EDITABLE_ACCESS_TOKEN'))).toBe(true);
    expect(e.accepts(refused(422, 'NON_EDITABLE_ACCESS_TOKEN'))).toBe(true);
    expect(e.accepts(refused(401, 'INSUFFICIENT_PERMISSIONS'))).toBe(false);
  });

  it('several problems: any of their errors is correct, since the order of the checks is not documented', () => {
    const e = expectationOf(facts({ target: undefined, body: body({ colour: 'red' }), caller: 'no-manage' }), oracle);
    expect(e.accepts(refused(401, 'INSUFFICIENT_PERMISSIONS'))).toBe(true);
    expect(e.accepts(refused(404, 'NOT_FOUND'))).toBe(true);
    expect(e.accepts(refused(422, 'INVALID_FORMAT'))).toBe(true);
  });

  it('--strict-assumptions expects the first check of the assumed order to answer', () => {
    const f = facts({ target: undefined, body: body({ colour: 'red' }), caller: 'no-manage' }, strict);
    const e = expectationOf(f, strict);
    expect(e.accepts(refused(401, 'INSUFFICIENT_PERMISSIONS'))).toBe(true);
    expect(e.accepts(refused(404, 'NOT_FOUND'))).toBe(false);
  });

  it('a token that does not exist: 404 (JSON:API), whatever the code', () => {
    const e = expectationOf(facts({ target: undefined }), oracle);
    expect(e.accepts(refused(404, 'NOT_FOUND'))).toBe(true);
    expect(e.accepts(refused(422, 'NOT_FOUND'))).toBe(false);
  });

  it('a body id that is not the URL id may be refused, or the URL may win', () => {
    expect(judge(facts({ body: { data: { ...body().data, id: '11' } } }))).toMatchObject({
      mustApply: false,
      mayApply: true,
    });
    expect(judge(facts({ body: { data: { ...body().data, id: '11' } } }, strict), strict)).toMatchObject({
      mayApply: false,
    });
  });

  it('members JSON:API tells servers to ignore may be ignored or refused; an unknown attribute is refused', () => {
    expect(judge(facts({ body: { ...body(), meta: { a: 1 } } }))).toMatchObject({ mustApply: false, mayApply: true });
    expect(judge(facts({ body: body({}, { links: {} }) }))).toMatchObject({ mayApply: true });
    expect(judge(facts({ body: body({ colour: 'red' }) }))).toMatchObject({ mayApply: false });
  });

  it('a body without data.id may be accepted (the docs list no id) or refused (the client types require one)', () => {
    const { id: _id, ...data } = body().data;
    expect(judge(facts({ body: { data } }))).toMatchObject({
      mustApply: false,
      mayApply: true,
      rules: ['body-without-id'],
    });
  });

  it('an unknown role must be refused, with any client error', () => {
    const e = expectationOf(
      facts({ body: body({}, { relationships: { role: { data: { type: 'role', id: '99' } } } }) }),
      oracle,
    );
    expect(e.mayApply).toBe(false);
    expect(e.accepts(refused(404, 'NOT_FOUND'))).toBe(true);
    expect(e.accepts(refused(422, 'INVALID_RELATIONSHIP'))).toBe(true);
  });

  it.each([
    ['a blank name', ' \t'],
    ['a name over 100 code points', 'x'.repeat(101)],
    ['a name over 255 UTF-8 bytes', 'é'.repeat(130)],
    ['a name with a control character', 'a\u0000b'],
    ['a name with a lone surrogate', 'a\ud800b'],
    ['the name of another token', 'Read-only API token'],
  ])('%s may be accepted or refused (undocumented limits)', (_label, name) => {
    expect(judge(facts({ body: body({ name }) }))).toMatchObject({ mustApply: false, mayApply: true });
  });

  it('a unicode name with astral characters, RTL text and combining marks must be accepted', () => {
    expect(judge(facts({ body: body({ name: '😀 עברית e\u0301 \u200b' }) })).mustApply).toBe(true);
  });

  it.each([
    ['none', [refused(401, 'INVALID_SITE'), refused(403, 'INVALID_SITE')], []],
    ['invalid', [refused(401, 'INVALID_AUTHORIZATION_HEADER')], [refused(403, 'INVALID_AUTHORIZATION_HEADER')]],
    ['no-cma', [refused(401, 'INSUFFICIENT_PERMISSIONS')], [refused(403, 'INSUFFICIENT_PERMISSIONS')]],
  ] as const)('caller %s must be refused, at a documented status where there is one', (caller, good, bad) => {
    const e = expectationOf(facts({ caller }), oracle);
    expect(e.mayApply).toBe(false);
    for (const outcome of good) expect(e.accepts(outcome)).toBe(true);
    for (const outcome of bad) expect(e.accepts(outcome)).toBe(false);
  });

  it('a caller whose role may not manage API tokens may be refused, or its update applied (§12.2)', () => {
    const e = expectationOf(facts({ caller: 'no-manage' }), oracle);
    expect(judge(facts({ caller: 'no-manage' }))).toEqual({
      mustApply: false,
      mayApply: true,
      rules: ['caller-cannot-manage-tokens'],
    });
    expect(e.accepts(refused(401, 'INSUFFICIENT_PERMISSIONS'))).toBe(true);
    expect(e.accepts(refused(403, 'INSUFFICIENT_PERMISSIONS'))).toBe(true);
    // With another reason to refuse, applying it stays wrong.
    expect(judge(facts({ caller: 'no-manage', body: body({ colour: 'red' }) }))).toMatchObject({ mayApply: false });
  });

  it('--strict-assumptions: such a caller is refused with the assumed error, unless the assumed reading allows it', () => {
    const e = expectationOf(facts({ caller: 'no-manage' }, strict), strict);
    expect(e.mayApply).toBe(false);
    expect(e.accepts(refused(401, 'INSUFFICIENT_PERMISSIONS'))).toBe(true);
    expect(e.accepts(refused(403, 'INSUFFICIENT_PERMISSIONS'))).toBe(false);
    const allowed = { ...strict, assumptions: resolveAssumptions({ manageTokensToUpdate: 'allowed' }) };
    expect(judge(facts({ caller: 'no-manage' }, allowed), allowed)).toMatchObject({ mustApply: true });
  });
});
