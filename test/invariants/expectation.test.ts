import { beforeAll, describe, expect, it } from 'vitest';
import { expectationFor, type OracleContext } from '../../src/invariants/index.ts';
import type { TokenView, UpdateObservation } from '../../src/scenarios/index.ts';
import { loadContract, resolveAssumptions } from '../../src/spec/index.ts';

let oracle: OracleContext;
beforeAll(async () => {
  oracle = { contract: await loadContract(), assumptions: resolveAssumptions(), strict: false };
});

const token: TokenView = {
  id: '10',
  name: 'subject',
  can_access_cda: true,
  can_access_cda_preview: false,
  can_access_cma: true,
  roleId: '1',
  hardcodedType: null,
  lastCmaAccess: 'never',
  lastCdaAccess: 'never',
  secret: '[redacted sha256:0]',
};
const attributes = { name: 'A name', can_access_cda: true, can_access_cda_preview: true, can_access_cma: false };
const body = (extra: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  data: { type: 'access_token', id: '10', attributes: { ...attributes, ...extra }, ...data },
});

function observation(overrides: {
  body?: unknown;
  rawBody?: string;
  caller?: string;
  target?: TokenView | undefined;
  mutation?: string;
}): UpdateObservation {
  return {
    case: { caller: overrides.caller ?? 'admin', mutation: overrides.mutation },
    request: {
      targetId: '10',
      path: '/access_tokens/10',
      body: overrides.body ?? body(),
      rawBody: overrides.rawBody,
      contentType: 'application/json',
      credential: { kind: 'admin' },
    },
    ids: { unknownRoleId: '99', roles: { manager: '1', viewer: '2' } },
    targetBefore: 'target' in overrides ? overrides.target : token,
  } as unknown as UpdateObservation;
}

const summary = (o: UpdateObservation) => {
  const e = expectationFor(o, oracle);
  return { mustApply: e.mustApply, mayApply: e.mayApply, refusals: e.refusals.map((r) => `${r.status} ${r.code}`) };
};

describe('the oracle is chosen from the concrete request, not from the generator', () => {
  it('a valid body must be applied', () => {
    expect(summary(observation({}))).toEqual({ mustApply: true, mayApply: true, refusals: [] });
  });

  it('a body labelled as mutated but valid after shrinking is judged as valid (Schemathesis #4332)', () => {
    expect(summary(observation({ mutation: 'unknown-key at /data/attributes' }))).toMatchObject({ mustApply: true });
  });

  it('a body that breaks the schema must be refused with INVALID_FORMAT', () => {
    expect(summary(observation({ body: body({ token: 'abc' }) }))).toEqual({
      mustApply: false,
      mayApply: false,
      refusals: ['422 INVALID_FORMAT'],
    });
  });

  it('a body that is not JSON: INVALID_JSON_BODY, at either plausible status', () => {
    expect(summary(observation({ rawBody: '{' })).refusals).toEqual(['422 INVALID_JSON_BODY', '400 INVALID_JSON_BODY']);
  });

  it('a factory token: NON_EDITABLE_ACCESS_TOKEN at 401 or 422 (status UNCONFIRMED)', () => {
    expect(summary(observation({ target: { ...token, hardcodedType: 'readonly' } })).refusals).toEqual([
      '401 NON_EDITABLE_ACCESS_TOKEN',
      '422 NON_EDITABLE_ACCESS_TOKEN',
    ]);
  });

  it('--strict-assumptions accepts only the assumed status', () => {
    const strict = { ...oracle, strict: true };
    const e = expectationFor(observation({ target: { ...token, hardcodedType: 'readonly' } }), strict);
    expect(e.refusals.map((r) => `${r.status} ${r.code}`)).toEqual(['401 NON_EDITABLE_ACCESS_TOKEN']);
  });

  it('several problems: any of their errors is correct, since the order of the checks is not documented', () => {
    const o = observation({ target: undefined, body: body({ colour: 'red' }), caller: 'no-manage' });
    expect(summary(o).refusals).toEqual(['401 INSUFFICIENT_PERMISSIONS', '404 NOT_FOUND', '422 INVALID_FORMAT']);
  });

  it('an unknown role, and a body id that is not the URL id, must be refused', () => {
    expect(
      summary(observation({ body: body({}, { relationships: { role: { data: { type: 'role', id: '99' } } } }) }))
        .refusals,
    ).toEqual(['404 NOT_FOUND', '422 INVALID_RELATIONSHIP']);
    expect(summary(observation({ body: { data: { ...body().data, id: '11' } } })).refusals).toEqual([
      '422 INVALID_FORMAT',
      '422 INVALID_ENTITY_ID',
    ]);
  });

  it.each([
    ['a blank name', ' \t'],
    ['a very long name', 'x'.repeat(300)],
    ['a name with a control character', 'a\u0000b'],
  ])('%s may be accepted or refused with INVALID_FIELD (undocumented limits)', (_label, name) => {
    expect(summary(observation({ body: body({ name }) }))).toMatchObject({ mustApply: false, mayApply: true });
    expect(summary(observation({ body: body({ name }) })).refusals).toContain('422 INVALID_FIELD');
  });

  it('a unicode name with astral characters, RTL text and combining marks must be accepted', () => {
    expect(summary(observation({ body: body({ name: '😀 עברית e\u0301 \u200b' }) })).mustApply).toBe(true);
  });

  it.each([
    ['none', ['401 INVALID_SITE', '401 INVALID_AUTHORIZATION_HEADER']],
    ['invalid', ['401 INVALID_AUTHORIZATION_HEADER']],
    ['no-cma', ['401 INVALID_AUTHORIZATION_HEADER', '401 INSUFFICIENT_PERMISSIONS']],
    ['no-manage', ['401 INSUFFICIENT_PERMISSIONS']],
  ])('caller %s must be refused with %j', (caller, refusals) => {
    expect(summary(observation({ caller })).refusals).toEqual(refusals);
  });
});
