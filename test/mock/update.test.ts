import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_ON,
  createRole,
  createToken,
  startTestMock,
  updateBody,
  type Fixture,
  type TestMock,
} from '../support/mock-client.ts';

let t: TestMock;
let editorRole: string;
let viewerRole: string;
let token: Fixture;
let hardcodedId: string;

beforeAll(async () => {
  t = await startTestMock();
  editorRole = await createRole(t, 'editor-fixture', { can_manage_access_tokens: false });
  viewerRole = await createRole(t, 'viewer-fixture');
  token = await createToken(t, editorRole, { name: 'subject' });
  const list = await t.cma('GET', '/access_tokens');
  hardcodedId = list.body.data.find(
    (d: { attributes: { hardcoded_type: string | null } }) => d.attributes.hardcoded_type === 'readonly',
  ).id;
});
afterAll(() => t.close());

const put = (id: string, body: unknown, options = {}) => t.cma('PUT', `/access_tokens/${id}`, { body, ...options });

describe('a valid update', () => {
  it('replaces the four attributes and answers the token', async () => {
    const attributes = {
      name: 'Preview site',
      can_access_cda: false,
      can_access_cda_preview: true,
      can_access_cma: false,
    };
    const reply = await put(token.id, updateBody(token.id, attributes, viewerRole));
    expect(reply.status).toBe(200);
    expect(reply.body.data.attributes).toMatchObject(attributes);
    expect(reply.body.data.relationships.role.data).toEqual({ type: 'role', id: viewerRole });
    const read = await t.cma('GET', `/access_tokens/${token.id}`);
    expect(read.body).toEqual(reply.body);
  });

  it('keeps the role when relationships is omitted', async () => {
    await put(token.id, updateBody(token.id, ALL_ON, editorRole));
    const reply = await put(token.id, updateBody(token.id, { ...ALL_ON, name: 'no relationships' }));
    expect(reply.status).toBe(200);
    expect(reply.body.data.relationships.role.data).toEqual({ type: 'role', id: editorRole });
  });

  it('never changes the secret', async () => {
    const reply = await put(token.id, updateBody(token.id, { ...ALL_ON, name: 'secret stays' }, viewerRole));
    expect(reply.body.data.attributes.token).toBe(token.secret);
  });

  it('accepts application/vnd.api+json as the body type', async () => {
    const reply = await put(token.id, updateBody(token.id, ALL_ON), {
      headers: { 'content-type': 'application/vnd.api+json' },
    });
    expect(reply.status).toBe(200);
  });

  it('accepts unicode names, byte for byte', async () => {
    const name = '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u200f עברית e\u0301 \u200b 😀';
    const reply = await put(token.id, updateBody(token.id, { ...ALL_ON, name }));
    expect(reply.status).toBe(200);
    expect(reply.body.data.attributes.name).toBe(name);
  });
});

describe('a refused update changes nothing', () => {
  const cases: [
    string,
    () => { id?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> },
    number,
    string,
  ][] = [
    ['malformed JSON', () => ({ raw: '{"data": ' }), 422, 'INVALID_JSON_BODY'],
    ['an empty body', () => ({ raw: '' }), 422, 'INVALID_JSON_BODY'],
    ['invalid UTF-8', () => ({ raw: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]) }), 422, 'INVALID_JSON_BODY'],
    [
      'a body over 1 MiB',
      () => ({ raw: JSON.stringify({ data: { pad: 'x'.repeat(1024 * 1024) } }) }),
      413,
      'INVALID_REQUEST',
    ],
    [
      'a text/plain body',
      () => ({ body: updateBody(token.id, ALL_ON), headers: { 'content-type': 'text/plain' } }),
      415,
      'INVALID_CONTENT_TYPE_HEADER',
    ],
    [
      'a malformed Content-Type',
      () => ({ body: updateBody(token.id, ALL_ON), headers: { 'content-type': ';;' } }),
      415,
      'INVALID_CONTENT_TYPE_HEADER',
    ],
    ['a JSON array', () => ({ body: [updateBody(token.id, ALL_ON)] }), 422, 'INVALID_FORMAT'],
    [
      'a missing attribute',
      () => ({ body: updateBody(token.id, { name: 'x', can_access_cda: true, can_access_cma: true }) }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'a wrong JSON type',
      () => ({ body: updateBody(token.id, { ...ALL_ON, can_access_cma: 'yes' }) }),
      422,
      'INVALID_FORMAT',
    ],
    ['a null name', () => ({ body: updateBody(token.id, { ...ALL_ON, name: null }) }), 422, 'INVALID_FORMAT'],
    [
      'a wrong type',
      () => ({ body: { data: { ...updateBody(token.id, ALL_ON).data, type: 'role' } } }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'an unknown attribute',
      () => ({ body: updateBody(token.id, { ...ALL_ON, color: 'red' }) }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'the read-only token attribute',
      () => ({ body: updateBody(token.id, { ...ALL_ON, token: 'f'.repeat(40) }) }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'the read-only hardcoded_type',
      () => ({ body: updateBody(token.id, { ...ALL_ON, hardcoded_type: 'readonly' }) }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'the read-only last_cma_access',
      () => ({ body: updateBody(token.id, { ...ALL_ON, last_cma_access: 'never' }) }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'meta',
      () => ({ body: { data: { ...updateBody(token.id, ALL_ON).data, meta: { x: 1 } } } }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'a __proto__ key',
      () => ({
        raw: `{"data":{"type":"access_token","id":"${token.id}","attributes":{"name":"p","can_access_cda":true,"can_access_cda_preview":true,"can_access_cma":true,"__proto__":{"admin":true}}}}`,
      }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'a constructor key',
      () => ({ body: { ...updateBody(token.id, ALL_ON), constructor: { prototype: { admin: true } } } }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'relationships.role.data: null',
      () => ({ body: { data: { ...updateBody(token.id, ALL_ON).data, relationships: { role: { data: null } } } } }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'relationships without role',
      () => ({ body: { data: { ...updateBody(token.id, ALL_ON).data, relationships: {} } } }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'an unknown relationship',
      () => ({
        body: {
          data: {
            ...updateBody(token.id, ALL_ON, viewerRole).data,
            relationships: { role: { data: { type: 'role', id: viewerRole } }, site: { data: null } },
          },
        },
      }),
      422,
      'INVALID_FORMAT',
    ],
    [
      'a body id that is not the path id',
      () => ({ body: updateBody(hardcodedId === token.id ? '0' : String(Number(token.id) + 1), ALL_ON) }),
      422,
      'INVALID_FORMAT',
    ],
    ['an unknown role', () => ({ body: updateBody(token.id, ALL_ON, '999999999') }), 404, 'NOT_FOUND'],
    ['an empty name', () => ({ body: updateBody(token.id, { ...ALL_ON, name: '' }) }), 422, 'INVALID_FIELD'],
    [
      'a whitespace-only name',
      () => ({ body: updateBody(token.id, { ...ALL_ON, name: ' \t\u00a0' }) }),
      422,
      'INVALID_FIELD',
    ],
    ['an unknown token id', () => ({ id: '999999999', body: updateBody('999999999', ALL_ON) }), 404, 'NOT_FOUND'],
    [
      'a hardcoded token',
      () => ({ id: hardcodedId, body: updateBody(hardcodedId, ALL_ON) }),
      401,
      'NON_EDITABLE_ACCESS_TOKEN',
    ],
    [
      'X-Api-Version 2',
      () => ({ body: updateBody(token.id, ALL_ON), headers: { 'x-api-version': '2' } }),
      400,
      'INVALID_API_VERSION',
    ],
    [
      'Accept: text/html',
      () => ({ body: updateBody(token.id, ALL_ON), headers: { accept: 'text/html' } }),
      406,
      'INVALID_ACCEPT_HEADER',
    ],
  ];

  it.each(cases)('%s → %i %s', async (_label, make, status, code) => {
    const before = await t.snapshot();
    const request = make();
    const reply = await t.cma('PUT', `/access_tokens/${request.id ?? token.id}`, request);
    expect(reply.status).toBe(status);
    expect(reply.body.data[0].attributes.code).toBe(code);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(await t.snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('explains a schema violation with the JSON pointer of each problem', async () => {
    const reply = await put(
      token.id,
      updateBody(token.id, {
        name: 'x',
        can_access_cda: 1,
        can_access_cda_preview: true,
        can_access_cma: true,
        token: 'x',
      }),
    );
    expect(reply.body.data[0].attributes.details.messages).toEqual([
      '#/data/attributes: "token" is not a permitted key.',
      '#/data/attributes/can_access_cda: expected boolean, got integer.',
    ]);
  });

  it('gives the same error id for the same kind of error', async () => {
    const a = await put('999999998', updateBody('999999998', ALL_ON));
    const b = await put('999999997', updateBody('999999997', ALL_ON));
    expect(a.body.data[0].id).toMatch(/^[0-9a-f]{6}$/);
    expect(a.body.data[0].id).toBe(b.body.data[0].id);
  });

  it('refuses a caller whose role may not manage tokens', async () => {
    const outsider = await createToken(t, editorRole, { name: 'outsider' });
    await t.cma('GET', '/site', { token: outsider.secret }); // its last_cma_access is now "today"
    const before = await t.snapshot();
    const reply = await put(token.id, updateBody(token.id, ALL_ON), { token: outsider.secret });
    expect(reply.status).toBe(401);
    expect(reply.body.data[0].attributes.code).toBe('INSUFFICIENT_PERMISSIONS');
    expect(await t.snapshot()).toEqual(before);
  });

  it('refuses a missing or unknown credential', async () => {
    const before = await t.snapshot();
    const missing = await put(token.id, updateBody(token.id, ALL_ON), { token: null });
    const unknown = await put(token.id, updateBody(token.id, ALL_ON), { token: 'f'.repeat(40) });
    expect([missing.status, missing.body.data[0].attributes.code]).toEqual([401, 'INVALID_SITE']);
    expect([unknown.status, unknown.body.data[0].attributes.code]).toEqual([401, 'INVALID_AUTHORIZATION_HEADER']);
    expect(await t.snapshot()).toEqual(before);
  });
});

describe('with the legacy rule (relationships required), as the fault relationships-required', () => {
  it('refuses an update without relationships', async () => {
    const legacy = await startTestMock({ faults: ['relationships-required'] });
    try {
      const id = legacy.mock.adminTokenId;
      const reply = await legacy.cma('PUT', `/access_tokens/${id}`, { body: updateBody(id, ALL_ON) });
      expect([reply.status, reply.body.data[0].attributes.code]).toEqual([422, 'INVALID_FORMAT']);
    } finally {
      await legacy.close();
    }
  });
});

describe('with an alternative status for NON_EDITABLE_ACCESS_TOKEN', () => {
  it.each([403, 422])('answers %i', async (status) => {
    const other = await startTestMock({ assumptions: { nonEditableStatus: status } });
    try {
      const list = await other.cma('GET', '/access_tokens');
      const id = list.body.data.find(
        (d: { attributes: { hardcoded_type: string | null } }) => d.attributes.hardcoded_type !== null,
      ).id;
      const reply = await other.cma('PUT', `/access_tokens/${id}`, { body: updateBody(id, ALL_ON) });
      expect([reply.status, reply.body.data[0].attributes.code]).toEqual([status, 'NON_EDITABLE_ACCESS_TOKEN']);
    } finally {
      await other.close();
    }
  });
});
