import { ApiError, buildClient, type Client } from '@datocms/cma-client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.ts';

// @datocms/cma-client-node is a real peer: what it sends, the mock must accept; what the mock
// answers, it must parse.
let mock: RunningMock;
let client: Client;
let roleId: string;

beforeAll(async () => {
  mock = await startMock();
  client = buildClient({ apiToken: mock.adminSecret, baseUrl: mock.cmaUrl, autoRetry: false });
  roleId = (await client.roles.create({ name: 'client-fixture' })).id;
});
afterAll(() => mock.close());

const attributes = {
  name: 'From the official client',
  can_access_cda: true,
  can_access_cda_preview: false,
  can_access_cma: true,
};

describe('@datocms/cma-client-node against the mock', () => {
  it('creates, finds, lists, updates (with and without role), rotates and destroys a token', async () => {
    const created = await client.accessTokens.create({ ...attributes, role: { type: 'role', id: roleId } });
    expect(created).toMatchObject({
      ...attributes,
      type: 'access_token',
      hardcoded_type: null,
      role: { type: 'role', id: roleId },
    });
    expect(created.token).toMatch(/^[0-9a-f]{30,50}$/);

    expect(await client.accessTokens.find(created.id)).toEqual(created);
    expect((await client.accessTokens.list()).map((t) => t.id)).toContain(created.id);

    const otherRole = (await client.roles.create({ name: 'client-other' })).id;
    const reassigned = await client.accessTokens.update(created.id, {
      ...attributes,
      name: 'Reassigned',
      role: { type: 'role', id: otherRole },
    });
    expect(reassigned.role).toEqual({ type: 'role', id: otherRole });
    expect(reassigned.token).toBe(created.token);

    const kept = await client.accessTokens.update(created.id, { ...attributes, can_access_cma: false });
    expect(kept.role).toEqual({ type: 'role', id: otherRole });
    expect(kept.can_access_cma).toBe(false);

    const rotated = await client.accessTokens.regenerateToken(created.id);
    expect(rotated.token).not.toBe(created.token);

    expect((await client.accessTokens.destroy(created.id)).id).toBe(created.id);
    await expect(client.accessTokens.find(created.id)).rejects.toSatisfy(
      (e) => e instanceof ApiError && e.findError('NOT_FOUND') !== undefined,
    );
  });

  it('finds itself with users.findMe', async () => {
    const me = await client.users.findMe();
    expect(me).toMatchObject({ id: mock.adminTokenId, type: 'access_token' });
  });

  it('gets an ApiError with NON_EDITABLE_ACCESS_TOKEN when updating a hardcoded token', async () => {
    const hardcoded = (await client.accessTokens.list()).find((t) => t.hardcoded_type === 'readonly');
    const error = await client.accessTokens.update(hardcoded!.id, attributes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).findError('NON_EDITABLE_ACCESS_TOKEN')).toBeDefined();
    expect((error as ApiError).response.status).toBe(401);
  });

  it('gets INVALID_FORMAT for a body with an unknown attribute', async () => {
    const token = await client.accessTokens.create({ ...attributes, role: { type: 'role', id: roleId } });
    const body = { data: { type: 'access_token' as const, id: token.id, attributes: { ...attributes, color: 'red' } } };
    const error = await client.accessTokens.rawUpdate(token.id, body).catch((e: unknown) => e);
    const found = (error as ApiError).findError('INVALID_FORMAT');
    expect(found?.attributes.details).toEqual({ messages: ['#/data/attributes: "color" is not a permitted key.'] });
  });

  it('gets INSUFFICIENT_PERMISSIONS as an ApiError for a token that may not manage tokens', async () => {
    const token = await client.accessTokens.create({ ...attributes, role: { type: 'role', id: roleId } });
    const weak = buildClient({ apiToken: token.token as string, baseUrl: mock.cmaUrl, autoRetry: false });
    const error = await weak.accessTokens.update(token.id, attributes).catch((e: unknown) => e);
    expect((error as ApiError).findError('INSUFFICIENT_PERMISSIONS')).toBeDefined();
    const listed = await weak.accessTokens.list();
    expect(listed.every((t) => t.token === null)).toBe(true);
  });
});

describe('retries (autoRetry: true)', () => {
  it('succeeds after a 429, waiting X-RateLimit-Reset', async () => {
    const limited = await startMock({ rateLimit: { limit: 2, windowMs: 1000 } });
    try {
      const statuses: number[] = [];
      const recordingFetch: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        statuses.push(response.status);
        return response;
      };
      const retrying = buildClient({
        apiToken: limited.adminSecret,
        baseUrl: limited.cmaUrl,
        autoRetry: true,
        fetchFn: recordingFetch,
      });
      const plain = buildClient({ apiToken: limited.adminSecret, baseUrl: limited.cmaUrl, autoRetry: false });
      await plain.site.find();
      await plain.site.find();
      const refused = await plain.site.find().catch((e: unknown) => e);
      expect((refused as ApiError).response.status).toBe(429);
      const site = await retrying.site.find();
      expect(site.locales).toEqual(['en', 'it']);
      expect(statuses).toEqual([429, 200]);
    } finally {
      await limited.close();
    }
  });
});
