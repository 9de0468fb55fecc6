import { afterEach, describe, expect, it } from 'vitest';
import {
  ASSUMPTION_KEYS,
  defaultAssumptions,
  readings,
  variantChoices,
  type Assumption,
  type AssumptionOverrides,
} from '../../src/spec/assumptions.ts';
import { VARIANTS } from '../../properties/support/variants.ts';
import { lastAccessBucket } from '../../src/mock/store.ts';
import { ALL_ON, createRole, createToken, startTestMock, updateBody, type TestMock } from '../support/mock-client.ts';

// Where the docs leave a server the choice, the mock can take every reading a correct server might
// (src/spec/assumptions.ts). Each reading, against the default one, on the request that tells them apart.

let open: TestMock[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.close()));
  open = [];
});

async function server(assumptions: AssumptionOverrides = {}) {
  const t = await startTestMock({ assumptions });
  open.push(t);
  const role = await createRole(t, 'fixture', { can_manage_access_tokens: false });
  const token = await createToken(t, role, { name: 'subject' });
  const put = (body: unknown, options: { raw?: string; token?: string } = {}) =>
    t.cma('PUT', `/access_tokens/${token.id}`, { body, ...options });
  return { t, role, token, put };
}

const answer = (reply: { status: number; body: { data?: { attributes?: { code?: string } }[] } }) =>
  `${reply.status} ${reply.body.data?.[0]?.attributes?.code ?? ''}`.trim();

describe('the reading of each decision point changes what the mock answers', () => {
  it('emptyBody: an empty body is malformed JSON, or an empty document that breaks the schema', async () => {
    expect(answer(await (await server()).put(undefined, { raw: '' }))).toBe('422 INVALID_JSON_BODY');
    const other = await server({ emptyBody: 'empty-document' });
    expect(answer(await other.put(undefined, { raw: '  ' }))).toBe('422 INVALID_FORMAT');
  });

  it('nonObjectBody: JSON that is not an object', async () => {
    expect(answer(await (await server()).put([]))).toBe('422 INVALID_FORMAT');
    const other = await server({ nonObjectBody: { status: 400, code: 'INVALID_JSON_BODY' } });
    expect(answer(await other.put([]))).toBe('400 INVALID_JSON_BODY');
  });

  it('emptyIdentity: an empty role id fails the schema, or is looked up and not found', async () => {
    const empty = (id: string) => updateBody(id, ALL_ON, '');
    const byDefault = await server();
    expect(answer(await byDefault.put(empty(byDefault.token.id)))).toBe('422 INVALID_FORMAT');
    const other = await server({ emptyIdentity: 'lookup' });
    expect(answer(await other.put(empty(other.token.id)))).toBe('404 NOT_FOUND');
  });

  it('missingBodyId: a body without data.id is refused, or accepted', async () => {
    const withoutId = { data: { type: 'access_token', attributes: ALL_ON } };
    expect(answer(await (await server()).put(withoutId))).toBe('422 INVALID_FORMAT');
    expect((await (await server({ missingBodyId: 'accepted' })).put(withoutId)).status).toBe(200);
  });

  it('bodyIdMismatch: another id in the body is refused, or the URL wins', async () => {
    const byDefault = await server();
    expect(answer(await byDefault.put(updateBody('999', ALL_ON)))).toBe('422 INVALID_FORMAT');
    const other = await server({ bodyIdMismatch: 'url-wins' });
    const reply = await other.put(updateBody('999', { ...ALL_ON, name: 'url wins' }));
    expect(reply.status).toBe(200);
    expect(reply.body.data.id).toBe(other.token.id);
    expect(reply.body.data.attributes.name).toBe('url wins');
  });

  it('jsonApiMembers: meta and links the schema does not name are refused, or ignored', async () => {
    const withMembers = (id: string) => ({ ...updateBody(id, ALL_ON), meta: { by: 'test' } });
    const byDefault = await server();
    expect(answer(await byDefault.put(withMembers(byDefault.token.id)))).toBe('422 INVALID_FORMAT');
    const other = await server({ jsonApiMembers: 'ignored' });
    expect((await other.put(withMembers(other.token.id))).status).toBe(200);
  });

  it.each([
    [{ paddedName: 'trimmed' }, '\u3000name\u3000', 'name'],
    [{ paddedName: 'stripped' }, ' name\t', 'name'],
    [{ nameNormalization: 'NFC' }, 'caf\u0065\u0301', 'caf\u00e9'],
  ] as const)('%j stores %j as %j', async (assumptions, sent, stored) => {
    const other = await server(assumptions);
    const reply = await other.put(updateBody(other.token.id, { ...ALL_ON, name: sent }));
    expect(reply.body.data.attributes.name).toBe(stored);
    const byDefault = await server();
    expect(
      (await byDefault.put(updateBody(byDefault.token.id, { ...ALL_ON, name: sent }))).body.data.attributes.name,
    ).toBe(sent);
  });

  it.each([
    [{ nameLengthLimit: '255 UTF-8 bytes' }, 'é'.repeat(128), 'é'.repeat(127)],
    [{ nameLengthLimit: '100 code points' }, 'x'.repeat(101), 'x'.repeat(100)],
    [{ nameControlCharacters: 'refused' }, 'a\u0000b', 'a b'],
    [{ blankName: 'rejected' }, ' ', 'a'],
  ] as const)('%j refuses %j with INVALID_FIELD, and accepts %j', async (assumptions, refused, accepted) => {
    const other = await server(assumptions);
    expect(answer(await other.put(updateBody(other.token.id, { ...ALL_ON, name: refused })))).toBe('422 INVALID_FIELD');
    expect((await other.put(updateBody(other.token.id, { ...ALL_ON, name: accepted }))).status).toBe(200);
  });

  it('uniqueNames: another token’s name is refused, the token’s own is not', async () => {
    const other = await server({ uniqueNames: 'enforced' });
    const taken = updateBody(other.token.id, { ...ALL_ON, name: 'Read-only API token' });
    expect(answer(await other.put(taken))).toBe('422 INVALID_FIELD');
    expect((await other.put(updateBody(other.token.id, { ...ALL_ON, name: 'subject' }))).status).toBe(200);
    expect((await other.put(updateBody(other.token.id, { ...ALL_ON, name: 'subject' }))).status).toBe(200);
  });

  it('checkOrder: a request that breaks several rules is refused by the first check of the order', async () => {
    const broken = { data: { type: 'access_token', id: '1', attributes: { colour: 'red' } } };
    const byDefault = await server();
    const weak = await createToken(byDefault.t, byDefault.role, { name: 'weak' });
    const asWeak = (t: TestMock, secret: string) => t.cma('PUT', '/access_tokens/1', { body: broken, token: secret });
    expect(answer(await asWeak(byDefault.t, weak.secret))).toBe('401 INSUFFICIENT_PERMISSIONS');
    const other = await server({ checkOrder: ['body', 'permission', 'lookup', 'factory'] });
    const weakToo = await createToken(other.t, other.role, { name: 'weak' });
    expect(answer(await asWeak(other.t, weakToo.secret))).toBe('422 INVALID_FORMAT');
  });

  it('concurrentUpdates: a write while another is in progress is serialized, or refused with 409', async () => {
    const other = await server({ concurrentUpdates: 'conflict' });
    const replies = await Promise.all(
      ['a', 'b', 'c'].map((name) => other.put(updateBody(other.token.id, { ...ALL_ON, name }))),
    );
    expect(replies.map((r) => r.status).sort()).toContain(200);
    for (const reply of replies) expect([200, 409]).toContain(reply.status);
  });

  it('responseContentType, responseMembers and errorDocUrl: the forms a document may take', async () => {
    const other = await server({
      responseContentType: 'application/vnd.api+json',
      responseMembers: 'extended',
      errorDocUrl: 'omitted',
    });
    const reply = await other.put(updateBody(other.token.id, ALL_ON));
    expect(reply.headers['content-type']).toBe('application/vnd.api+json');
    expect(reply.body).toMatchObject({ jsonapi: { version: '1.0' }, meta: {} });
    expect(reply.body.data).toMatchObject({ links: { self: `/access_tokens/${other.token.id}` }, meta: {} });
    expect(reply.body.data.relationships.role.data).toMatchObject({ type: 'role', meta: {} });
    const error = await other.t.cma('GET', '/access_tokens/1');
    expect(error.body.data[0].attributes).not.toHaveProperty('doc_url');
  });

  it('readWithoutManagePermission: a caller that may not see secrets gets token null, or no token key', async () => {
    for (const [reading, shown] of [
      ['token-null', { token: null }],
      ['token-omitted', {}],
    ] as const) {
      const other = await server({ readWithoutManagePermission: reading });
      const weak = await createToken(other.t, other.role, { name: 'weak' });
      const read = await other.t.cma('GET', `/access_tokens/${weak.id}`, { token: weak.secret });
      const { token: _hidden, ...attributes } = read.body.data.attributes as Record<string, unknown>;
      expect(read.body.data.attributes).toEqual({ ...attributes, ...shown });
    }
  });

  it('manageTokensToUpdate: a caller whose role may not manage API tokens is refused an update and a rotation, or may make them', async () => {
    const attempts = async (assumptions: AssumptionOverrides) => {
      const s = await server(assumptions);
      const weak = await createToken(s.t, s.role, { name: 'weak' });
      const before = await s.t.cma('GET', `/access_tokens/${s.token.id}`);
      const update = await s.put(updateBody(s.token.id, { ...ALL_ON, name: 'by weak' }), { token: weak.secret });
      const rotation = await s.t.cma('POST', `/access_tokens/${s.token.id}/regenerate_token`, { token: weak.secret });
      const after = await s.t.cma('GET', `/access_tokens/${s.token.id}`);
      const create = await s.t.cma('POST', '/access_tokens', {
        body: {
          data: {
            type: 'access_token',
            attributes: ALL_ON,
            relationships: { role: { data: { type: 'role', id: s.role } } },
          },
        },
        token: weak.secret,
      });
      const removal = await s.t.cma('DELETE', `/access_tokens/${s.token.id}`, { token: weak.secret });
      return { before, update, rotation, after, create, removal };
    };
    const byDefault = await attempts({});
    expect(answer(byDefault.update)).toBe('401 INSUFFICIENT_PERMISSIONS');
    expect(answer(byDefault.rotation)).toBe('401 INSUFFICIENT_PERMISSIONS');
    expect(byDefault.after.body).toEqual(byDefault.before.body);
    const other = await attempts({ manageTokensToUpdate: 'allowed' });
    expect(other.update.status).toBe(200);
    expect(other.rotation.status).toBe(200);
    expect(other.after.body.data.attributes.name).toBe('by weak');
    expect(other.after.body.data.attributes.token).not.toBe(other.before.body.data.attributes.token);
    // Whether the caller sees secrets is another point (readWithoutManagePermission): it does not.
    expect(other.update.body.data.attributes.token).toBeNull();
    expect(other.rotation.body.data.attributes.token).toBeNull();
    // Creating and deleting stay refused in either reading.
    expect(answer(other.create)).toBe('401 INSUFFICIENT_PERMISSIONS');
    expect(answer(other.removal)).toBe('401 INSUFFICIENT_PERMISSIONS');
  });

  it('lastAccessClock: "today" counted in UTC, or in the project timezone', () => {
    const at = Date.UTC(2026, 11, 1, 23, 30); // 00:30 on 2 December in Rome
    const now = Date.UTC(2026, 11, 2, 10, 0);
    expect(lastAccessBucket(at, now)).toBe('yesterday');
    expect(lastAccessBucket(at, now, 'Europe/Rome')).toBe('today');
  });
});

describe('--variant SEED', () => {
  it('draws a reading of every point from the seed, and says which differ from the defaults', async () => {
    const t = await startTestMock({ variant: 3 });
    open.push(t);
    const again = await startTestMock({ variant: 3 });
    open.push(again);
    expect(Object.keys(t.mock.choices).length).toBeGreaterThan(3);
    expect(again.mock.choices).toEqual(t.mock.choices);
  });

  it("takes, across the false-alarm sweep's variants, every reading of every open point", () => {
    const taken = (key: (typeof ASSUMPTION_KEYS)[number]) =>
      VARIANTS.map((variant) => JSON.stringify(variantChoices(variant)[key]));
    for (const key of ASSUMPTION_KEYS)
      for (const reading of readings(defaultAssumptions[key] as Assumption<unknown>))
        expect(taken(key), key).toContain(JSON.stringify(reading));
  });

  // A false alarm may need two readings together (a status and an order of checks, say).
  it('takes at least as many pairs of readings of two open points as the first twenty seeds, with fewer campaigns', () => {
    const pairsTaken = (variants: readonly number[]) => {
      const pairs = new Set<string>();
      for (const variant of variants) {
        const chosen = ASSUMPTION_KEYS.map((key) => `${key}=${JSON.stringify(variantChoices(variant)[key])}`);
        chosen.forEach((a, i) => chosen.slice(i + 1).forEach((b) => pairs.add(`${a} ${b}`)));
      }
      return pairs.size;
    };
    const firstTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(VARIANTS.length).toBeLessThan(firstTwenty.length);
    expect(pairsTaken(VARIANTS)).toBeGreaterThanOrEqual(pairsTaken(firstTwenty));
  });
});
