import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../src/mock/index.ts';
import { ALL_ON, createRole, createToken, startTestMock, updateBody, type TestMock } from '../support/mock-client.ts';

// Each fault must really change the mock's behaviour (the kill tests of the invariants rely on it).
const withMock = async (faults: string[], run: (t: TestMock) => Promise<void>) => {
  const t = await startTestMock({ faults });
  try {
    await run(t);
  } finally {
    await t.close();
  }
};

describe('the fault mechanism', () => {
  it('every fault has a unique kebab-case name and a summary', () => {
    const names = FAULTS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const fault of FAULTS) {
      expect(fault.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(fault.summary.length).toBeGreaterThan(20);
    }
  });

  it('refuses an unknown fault', async () => {
    await expect(startTestMock({ faults: ['no-such-fault'] })).rejects.toThrow(/unknown fault "no-such-fault"/);
  });
});

describe('the catalogue of issue #2', () => {
  it('secret-rotates-on-update: the secret changes on update', async () =>
    withMock(['secret-rotates-on-update'], async (t) => {
      const token = await createToken(t, await createRole(t, 'r'));
      const reply = await t.cma('PUT', `/access_tokens/${token.id}`, { body: updateBody(token.id, ALL_ON) });
      expect(reply.body.data.attributes.token).not.toBe(token.secret);
    }));

  it('role-dropped-when-omitted: the role is cleared', async () =>
    withMock(['role-dropped-when-omitted'], async (t) => {
      const token = await createToken(t, await createRole(t, 'r'));
      const reply = await t.cma('PUT', `/access_tokens/${token.id}`, { body: updateBody(token.id, ALL_ON) });
      expect(reply.body.data.relationships.role.data).toBeNull();
    }));

  it('hardcoded-editable: a factory token accepts an edit', async () =>
    withMock(['hardcoded-editable'], async (t) => {
      const list = await t.cma('GET', '/access_tokens');
      const id = list.body.data.find(
        (d: { attributes: { hardcoded_type: string | null } }) => d.attributes.hardcoded_type === 'readonly',
      ).id;
      const reply = await t.cma('PUT', `/access_tokens/${id}`, { body: updateBody(id, ALL_ON) });
      expect(reply.status).toBe(200);
    }));

  it('permissions-one-request-late: a revoked token gets one more CMA call', async () =>
    withMock(['permissions-one-request-late'], async (t) => {
      const token = await createToken(t, await createRole(t, 'r'));
      await t.cma('GET', '/site', { token: token.secret });
      await t.cma('PUT', `/access_tokens/${token.id}`, {
        body: updateBody(token.id, { ...ALL_ON, can_access_cma: false }),
      });
      expect((await t.cma('GET', '/site', { token: token.secret })).status).toBe(200);
      expect((await t.cma('GET', '/site', { token: token.secret })).status).toBe(401);
    }));

  it('invalid-update-partly-applied: a refused update still renames', async () =>
    withMock(['invalid-update-partly-applied'], async (t) => {
      const token = await createToken(t, await createRole(t, 'r'));
      const reply = await t.cma('PUT', `/access_tokens/${token.id}`, {
        body: updateBody(token.id, { ...ALL_ON, name: 'half', color: 1 }),
      });
      expect(reply.status).toBe(422);
      expect((await t.cma('GET', `/access_tokens/${token.id}`)).body.data.attributes.name).toBe('half');
    }));
});
