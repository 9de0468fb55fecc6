import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_ON, createRole, createToken, startTestMock, updateBody, type TestMock } from '../support/mock-client.ts';

let t: TestMock;
let managerRole: string;
let viewerRole: string;

type TokenJson = { id: string; attributes: { hardcoded_type: string | null; token: string | null; name: string } };

beforeAll(async () => {
  t = await startTestMock();
  managerRole = await createRole(t, 'manager', { can_manage_access_tokens: true });
  viewerRole = await createRole(t, 'viewer');
});
afterAll(() => t.close());

describe('the seeded project', () => {
  it('has an Admin, an Editor and a Read-only role', async () => {
    const roles = await t.cma('GET', '/roles');
    const byName = Object.fromEntries(
      roles.body.data.map((r: { attributes: { name: string; can_manage_access_tokens: boolean } }) => [
        r.attributes.name,
        r.attributes,
      ]),
    );
    expect(byName.Admin.can_manage_access_tokens).toBe(true);
    expect(byName.Editor.can_manage_access_tokens).toBe(false);
    expect(byName['Read-only'].can_manage_access_tokens).toBe(false);
  });

  it('has a read-only factory token, a legacy full-access one without a role, and the admin token', async () => {
    const list = await t.cma('GET', '/access_tokens');
    const tokens: TokenJson[] = list.body.data;
    const readonly = tokens.find((d) => d.attributes.hardcoded_type === 'readonly');
    const legacy = list.body.data.find((d: TokenJson) => d.attributes.hardcoded_type === 'admin');
    expect(readonly).toBeDefined();
    expect(legacy.relationships.role.data).toBeNull();
    expect(tokens.map((d) => d.id)).toContain(t.mock.adminTokenId);
    for (const token of tokens) expect(token.attributes.token).toMatch(/^[0-9a-f]{30,50}$/);
  });
});

describe('reading tokens', () => {
  it('shows secrets only to callers whose role may manage tokens', async () => {
    const viewer = await createToken(t, viewerRole, { name: 'viewer' });
    const list = await t.cma('GET', '/access_tokens', { token: viewer.secret });
    expect(list.status).toBe(200);
    expect(list.body.data.every((d: TokenJson) => d.attributes.token === null)).toBe(true);
    const one = await t.cma('GET', `/access_tokens/${viewer.id}`, { token: viewer.secret });
    expect(one.body.data.attributes.token).toBeNull();
  });

  it('answers 404 NOT_FOUND for an unknown id', async () => {
    const reply = await t.cma('GET', '/access_tokens/123');
    expect([reply.status, reply.body.data[0].attributes.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('answers the calling token on /users/me, with its role on ?include=role', async () => {
    const me = await t.cma('GET', '/users/me?include=role');
    expect(me.body.data.id).toBe(t.mock.adminTokenId);
    expect(me.body.included[0].attributes.name).toBe('Admin');
  });
});

describe('creating a token', () => {
  it('answers 201 with the new secret and hardcoded_type null', async () => {
    const reply = await t.cma('POST', '/access_tokens', {
      body: {
        data: {
          type: 'access_token',
          attributes: ALL_ON,
          relationships: { role: { data: { type: 'role', id: viewerRole } } },
        },
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.data.attributes.hardcoded_type).toBeNull();
    expect(reply.body.data.attributes.last_cma_access).toBe('never');
  });

  it('refuses a body without relationships (the role is required on create)', async () => {
    const before = await t.snapshot();
    const reply = await t.cma('POST', '/access_tokens', {
      body: { data: { type: 'access_token', attributes: ALL_ON } },
    });
    expect([reply.status, reply.body.data[0].attributes.code]).toEqual([422, 'INVALID_FORMAT']);
    expect(await t.snapshot()).toEqual(before);
  });
});

describe('rotating a secret', () => {
  it('changes only the secret, and the old one stops working at once', async () => {
    const token = await createToken(t, managerRole);
    const before = await t.cma('GET', `/access_tokens/${token.id}`);
    const rotated = await t.cma('POST', `/access_tokens/${token.id}/regenerate_token`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.attributes.token).not.toBe(token.secret);
    expect({ ...rotated.body.data.attributes, token: null }).toEqual({ ...before.body.data.attributes, token: null });
    expect(rotated.body.data.relationships).toEqual(before.body.data.relationships);
    const old = await t.cma('GET', '/site', { token: token.secret });
    expect([old.status, old.body.data[0].attributes.code]).toEqual([401, 'INVALID_AUTHORIZATION_HEADER']);
    const fresh = await t.cma('GET', '/site', { token: rotated.body.data.attributes.token });
    expect(fresh.status).toBe(200);
  });

  it('works for a hardcoded token too', async () => {
    const list = await t.cma('GET', '/access_tokens');
    const hardcoded = list.body.data.find((d: TokenJson) => d.attributes.hardcoded_type === 'readonly');
    const rotated = await t.cma('POST', `/access_tokens/${hardcoded.id}/regenerate_token`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.attributes.token).not.toBe(hardcoded.attributes.token);
  });
});

describe('deleting a token', () => {
  it('deletes it, and its secret stops working', async () => {
    const token = await createToken(t, viewerRole);
    const reply = await t.cma('DELETE', `/access_tokens/${token.id}`);
    expect([reply.status, reply.body.data.id]).toEqual([200, token.id]);
    expect((await t.cma('GET', `/access_tokens/${token.id}`)).status).toBe(404);
    expect((await t.cma('GET', '/site', { token: token.secret })).status).toBe(401);
    const update = await t.cma('PUT', `/access_tokens/${token.id}`, { body: updateBody(token.id, ALL_ON) });
    expect([update.status, update.body.data[0].attributes.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('deletes a hardcoded token', async () => {
    const fresh = await startTestMock();
    try {
      const list = await fresh.cma('GET', '/access_tokens');
      const hardcoded = list.body.data.find((d: TokenJson) => d.attributes.hardcoded_type !== null);
      expect((await fresh.cma('DELETE', `/access_tokens/${hardcoded.id}`)).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('refuses to let a token delete itself', async () => {
    const before = await t.snapshot();
    const reply = await t.cma('DELETE', `/access_tokens/${t.mock.adminTokenId}`);
    expect([reply.status, reply.body.data[0].attributes.code]).toEqual([422, 'CANNOT_DESTROY_CURRENT_USER']);
    expect(await t.snapshot()).toEqual(before);
  });

  it('refuses an unknown destination_user_type', async () => {
    const token = await createToken(t, viewerRole);
    const reply = await t.cma('DELETE', `/access_tokens/${token.id}?destination_user_type=robot`);
    expect([reply.status, reply.body.data[0].attributes.code]).toEqual([422, 'INVALID_DESTINATION_TYPE']);
    expect((await t.cma('GET', `/access_tokens/${token.id}`)).status).toBe(200);
  });
});

describe('new permissions apply on the very next request', () => {
  it('revokes and grants CMA access', async () => {
    const token = await createToken(t, viewerRole);
    expect((await t.cma('GET', '/site', { token: token.secret })).status).toBe(200);
    await t.cma('PUT', `/access_tokens/${token.id}`, {
      body: updateBody(token.id, { ...ALL_ON, can_access_cma: false }),
    });
    const refused = await t.cma('GET', '/site', { token: token.secret });
    expect([refused.status, refused.body.data[0].attributes.code]).toEqual([401, 'INVALID_AUTHORIZATION_HEADER']);
    await t.cma('PUT', `/access_tokens/${token.id}`, { body: updateBody(token.id, ALL_ON) });
    expect((await t.cma('GET', '/site', { token: token.secret })).status).toBe(200);
  });

  it('revokes and grants CDA and draft access', async () => {
    const token = await createToken(t, viewerRole);
    const probe = (drafts?: string) => t.cda('{ _site { locales } }', { token: token.secret, drafts });
    expect((await probe()).status).toBe(200);
    expect((await probe('true')).status).toBe(200);
    await t.cma('PUT', `/access_tokens/${token.id}`, {
      body: updateBody(token.id, { ...ALL_ON, can_access_cda_preview: false }),
    });
    expect((await probe('true')).status).toBe(401);
    expect((await probe()).status).toBe(200);
    await t.cma('PUT', `/access_tokens/${token.id}`, {
      body: updateBody(token.id, { ...ALL_ON, can_access_cda: false, can_access_cda_preview: false }),
    });
    expect((await probe()).status).toBe(401);
    await t.cma('PUT', `/access_tokens/${token.id}`, { body: updateBody(token.id, ALL_ON) });
    expect((await probe('true')).status).toBe(200);
  });

  it('applies a new role: a token moved to a managing role sees secrets at once', async () => {
    const token = await createToken(t, viewerRole);
    const before = await t.cma('GET', `/access_tokens/${token.id}`, { token: token.secret });
    expect(before.body.data.attributes.token).toBeNull();
    await t.cma('PUT', `/access_tokens/${token.id}`, { body: updateBody(token.id, ALL_ON, managerRole) });
    const after = await t.cma('GET', `/access_tokens/${token.id}`, { token: token.secret });
    expect(after.body.data.attributes.token).toBe(token.secret);
  });
});

describe('last access', () => {
  it('becomes "today" after a CMA or CDA call', async () => {
    const token = await createToken(t, viewerRole);
    await t.cma('GET', '/site', { token: token.secret });
    await t.cda('{ _site { locales } }', { token: token.secret });
    const reply = await t.cma('GET', `/access_tokens/${token.id}`);
    expect(reply.body.data.attributes.last_cma_access).toBe('today');
    expect(reply.body.data.attributes.last_cda_access).toBe('today');
  });
});

describe('a seeded mock', () => {
  it('draws the same ids and secrets as another mock from that seed, and others from another seed', async () => {
    const project = async (seed: number) => {
      const mock = await startTestMock({ seed });
      try {
        const role = await createRole(mock, 'seeded');
        const token = await createToken(mock, role);
        return { admin: mock.mock.adminSecret, role, token: [token.id, token.secret] };
      } finally {
        await mock.close();
      }
    };
    const [first, twin, other] = [await project(7), await project(7), await project(8)];
    expect(twin).toEqual(first);
    expect(other.admin).not.toBe(first.admin);
    expect(first.admin).toMatch(/^[0-9a-f]{30,50}$/);
  });
});
