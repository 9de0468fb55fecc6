import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastAccessBucket } from '../../src/mock/store.ts';
import { ALL_ON, createRole, createToken, startTestMock, updateBody, type TestMock } from '../support/mock-client.ts';

let t: TestMock;
beforeAll(async () => {
  t = await startTestMock();
});
afterAll(() => t.close());

const code = (reply: { body: { data: { attributes: { code: string } }[] } }) => reply.body.data[0]?.attributes.code;

describe('routing', () => {
  it.each([
    ['GET', '/nowhere'],
    ['PATCH', '/access_tokens/1'],
    ['POST', '/access_tokens/1'],
    ['HEAD', '/site'],
    ['GET', '/access_tokens/1/regenerate_token'],
    ['GET', '/access_tokens//regenerate_token'],
  ])('%s %s → 404 INVALID_ENDPOINT, before any credential check', async (method, path) => {
    const reply = await t.cma(method, path, { token: null });
    expect(reply.status).toBe(404);
    if (method !== 'HEAD') expect(code(reply)).toBe('INVALID_ENDPOINT');
  });
});

it('ignores a trailing slash, like the Rails router', async () => {
  expect((await t.cma('GET', '/access_tokens/')).status).toBe(200);
});

describe('the order of the checks (reference §4.2)', () => {
  it('a wrong token is reported before a wrong Accept', async () => {
    const reply = await t.cma('GET', '/site', { token: 'bad', headers: { accept: 'text/html' } });
    expect([reply.status, code(reply)]).toEqual([401, 'INVALID_AUTHORIZATION_HEADER']);
  });

  it('a wrong Accept is reported before a missing token', async () => {
    const reply = await t.cma('GET', '/site', { token: null, headers: { accept: '*/*' } });
    expect([reply.status, code(reply)]).toEqual([406, 'INVALID_ACCEPT_HEADER']);
  });

  it('a missing token is INVALID_SITE', async () => {
    const reply = await t.cma('GET', '/site', { token: null });
    expect([reply.status, code(reply)]).toEqual([401, 'INVALID_SITE']);
  });

  it('a missing X-Api-Version is accepted, another version refused', async () => {
    const headers = { accept: 'application/json' };
    expect((await t.cma('GET', '/site', { headers: { ...headers, 'x-api-version': '' } })).status).toBe(400);
    const without = await fetch(`${t.mock.cmaUrl}/site`, {
      headers: { ...headers, authorization: `Bearer ${t.mock.adminSecret}` },
    });
    expect(without.status).toBe(200);
  });

  it('a token without can_access_cma is refused on every CMA endpoint', async () => {
    const role = await createRole(t, 'order-role', { can_manage_access_tokens: true });
    const token = await createToken(t, role, { can_access_cma: false });
    for (const path of ['/site', '/access_tokens', `/access_tokens/${token.id}`, '/users/me', '/roles']) {
      const reply = await t.cma('GET', path, { token: token.secret });
      expect([reply.status, code(reply)]).toEqual([401, 'INVALID_AUTHORIZATION_HEADER']);
    }
  });

  it('the permission check comes before the id lookup', async () => {
    const role = await createRole(t, 'plain-role');
    const token = await createToken(t, role);
    const reply = await t.cma('PUT', '/access_tokens/999999999', {
      token: token.secret,
      body: updateBody('999999999', ALL_ON),
    });
    expect([reply.status, code(reply)]).toEqual([401, 'INSUFFICIENT_PERMISSIONS']);
  });
});

describe('headers on every answer', () => {
  it('carries the rate-limit, version, environment and request-id headers', async () => {
    for (const reply of [await t.cma('GET', '/site'), await t.cma('GET', '/nope')]) {
      expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(reply.headers['x-api-version']).toBe('3');
      expect(reply.headers['x-environment']).toBe('main');
      expect(reply.headers['x-ratelimit-limit']).toBe('60');
      expect(Number(reply.headers['x-ratelimit-remaining'])).toBeGreaterThanOrEqual(0);
      expect(reply.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('echoes X-Environment', async () => {
    const reply = await t.cma('GET', '/site', { headers: { 'x-environment': 'sandbox-1' } });
    expect(reply.headers['x-environment']).toBe('sandbox-1');
  });
});

describe('the rate limiter', () => {
  it('answers 429 RATE_LIMIT_EXCEEDED with a JSON body and X-RateLimit-Reset past the limit', async () => {
    const limited = await startTestMock({ rateLimit: { limit: 5, windowMs: 60_000 } });
    try {
      const replies = [];
      for (let i = 0; i < 7; i += 1) replies.push(await limited.cma('GET', '/site'));
      expect(replies.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(replies[4]?.headers['x-ratelimit-remaining']).toBe('0');
      const refused = replies[5]!;
      expect([refused.status, code(refused)]).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
      expect(refused.headers['content-type']).toMatch(/^application\/json/);
      expect(Number(refused.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('roles and site', () => {
  it('creates, reads and deletes a role; refuses to delete one in use', async () => {
    const role = await createRole(t, 'temporary', { can_manage_access_tokens: true });
    expect((await t.cma('GET', `/roles/${role}`)).body.data.attributes.can_manage_access_tokens).toBe(true);
    const token = await createToken(t, role);
    const inUse = await t.cma('DELETE', `/roles/${role}`);
    expect([inUse.status, code(inUse)]).toEqual([422, 'INVALID_RELATIONSHIP']);
    await t.cma('DELETE', `/access_tokens/${token.id}`);
    expect((await t.cma('DELETE', `/roles/${role}`)).status).toBe(200);
    expect((await t.cma('GET', `/roles/${role}`)).status).toBe(404);
  });

  it('refuses role management to a role without can_manage_users', async () => {
    const role = await createRole(t, 'no-users', { can_manage_access_tokens: true });
    const token = await createToken(t, role);
    const reply = await t.cma('POST', '/roles', {
      token: token.secret,
      body: { data: { type: 'role', attributes: { name: 'x' } } },
    });
    expect([reply.status, code(reply)]).toEqual([401, 'INSUFFICIENT_PERMISSIONS']);
  });

  it('serves the site to any CMA credential', async () => {
    const reply = await t.cma('GET', '/site');
    expect(reply.body.data.attributes.locales).toEqual(['en', 'it']);
  });
});

describe('robustness', () => {
  it('never answers 500 to any body, and leaves the token as it was', async () => {
    const id = t.mock.adminTokenId;
    const before = await t.snapshot();
    const bodies = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      fc.jsonValue().map((v) => JSON.stringify({ data: { type: 'access_token', id, attributes: v } })),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (raw) => {
        const reply = await t.cma('PUT', `/access_tokens/${id}`, { raw });
        expect(reply.status).toBeGreaterThanOrEqual(400);
        expect(reply.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    expect(await t.snapshot()).toEqual(before);
  });
});

describe('last access buckets', () => {
  const now = Date.UTC(2026, 11, 3, 12); // a Thursday
  it.each([
    [null, 'never'],
    [Date.UTC(2026, 11, 3, 1), 'today'],
    [Date.UTC(2026, 11, 2, 23), 'yesterday'],
    [Date.UTC(2026, 10, 30, 9), 'this_week'],
    [Date.UTC(2026, 10, 25), 'last_week'],
    [Date.UTC(2026, 10, 10), 'last_month'],
    [Date.UTC(2026, 9, 10), 'never'],
  ])('%s → %s', (at, bucket) => {
    expect(lastAccessBucket(at, now)).toBe(bucket);
  });
  it('this_month', () => {
    expect(lastAccessBucket(Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 20))).toBe('this_month');
  });
});
