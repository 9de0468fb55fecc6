import { describe, expect, it } from 'vitest';
import { campaignConfig, runCampaign } from '../../src/campaign/index.ts';
import { INVARIANT_IDS, type InvariantId } from '../../src/invariants/index.ts';
import { startMock, type RunningMock } from '../../src/mock/index.ts';
import { World } from '../../src/scenarios/index.ts';
import { remoteTarget, type Send } from '../../src/target/index.ts';

// A mock started on its own is, to the suite, any remote server: the suite must hold to the
// footprint of the README there, and treat the factory token as someone else's.
const FOOTPRINT = new Set([
  'GET /access_tokens',
  'POST /access_tokens',
  'GET /access_tokens/{id}',
  'PUT /access_tokens/{id}',
  'DELETE /access_tokens/{id}',
  'POST /access_tokens/{id}/regenerate_token',
  'GET /roles',
  'POST /roles',
  'DELETE /roles/{id}',
  'GET /site',
  'POST cda /',
]);

async function campaignAgainst(mock: RunningMock, invariants: readonly InvariantId[] = INVARIANT_IDS, runs = 15) {
  const sent: { method: string; url: string; body: string | undefined }[] = [];
  const recording =
    (send: Send): Send =>
    (raw) => {
      sent.push({ method: raw.method, url: raw.url, body: raw.body });
      return send(raw);
    };
  const target = await remoteTarget(
    { cmaUrl: mock.cmaUrl, cdaUrl: mock.cdaUrl, token: mock.adminSecret, environment: undefined },
    { transport: recording },
  );
  try {
    const result = await runCampaign(target, campaignConfig({ invariants, runs, seed: 7 }));
    return { result, sent };
  } finally {
    await target.close();
  }
}

/** A listing of the mock, read with its admin token from outside the suite, as a user would check. */
async function listing<T>(mock: RunningMock, path: '/access_tokens' | '/roles'): Promise<T[]> {
  const response = await fetch(`${mock.cmaUrl}${path}`, {
    headers: { authorization: `Bearer ${mock.adminSecret}`, accept: 'application/json' },
  });
  return ((await response.json()) as { data: T[] }).data;
}

const shape = (mock: RunningMock, method: string, url: string) =>
  url.startsWith(mock.cdaUrl)
    ? `${method} cda /`
    : `${method} ${new URL(url).pathname.replace(/\/access_tokens\/[^/]+/, '/access_tokens/{id}').replace(/\/roles\/[^/]+/, '/roles/{id}')}`;

describe('against a remote target', () => {
  it('uses only the documented endpoints, and sends factory tokens only their own values', async () => {
    const mock = await startMock();
    try {
      const { result, sent } = await campaignAgainst(mock);
      expect(result.invariants.filter((r) => r.verdict !== 'held')).toEqual([]);
      expect([...new Set(sent.map((r) => shape(mock, r.method, r.url)))].filter((s) => !FOOTPRINT.has(s))).toEqual([]);
      const factory = (
        await listing<{ id: string; attributes: Record<string, unknown> }>(mock, '/access_tokens')
      ).filter((t) => t.attributes.hardcoded_type !== null);
      for (const token of factory) {
        expect(
          sent.some((r) => r.method === 'POST' && r.url.endsWith(`/access_tokens/${token.id}/regenerate_token`)),
        ).toBe(false);
        for (const put of sent.filter((r) => r.method === 'PUT' && r.url.endsWith(`/access_tokens/${token.id}`))) {
          const attributes = (JSON.parse(put.body ?? '{}') as { data: { attributes: Record<string, unknown> } }).data
            .attributes;
          for (const [key, value] of Object.entries(attributes)) expect(token.attributes[key]).toEqual(value);
        }
      }
    } finally {
      await mock.close();
    }
  });

  it('never counts the factory token it logs in with among the factory tokens to probe', async () => {
    const mock = await startMock();
    const login = async (token: string) =>
      World.create(
        await remoteTarget(
          { cmaUrl: mock.cmaUrl, cdaUrl: mock.cdaUrl, token, environment: undefined },
          { disposable: true },
        ),
      );
    try {
      const everyone = await login(mock.adminSecret);
      const factory = everyone.ids.factoryTokens;
      await everyone.dispose();
      await everyone.target.close();
      expect(factory.length).toBe(2);
      // Older projects have a full-access factory token, often used as the CI credential.
      const tokens = await listing<{ id: string; attributes: { token: string; hardcoded_type: string | null } }>(
        mock,
        '/access_tokens',
      );
      const own = tokens.find((t) => t.attributes.hardcoded_type === 'admin')!;
      const world = await login(own.attributes.token);
      try {
        expect(world.ids.factoryTokens).toEqual(factory.filter((id) => id !== own.id));
      } finally {
        await world.dispose();
        await world.target.close();
      }
    } finally {
      await mock.close();
    }
  });

  it('cleans up everything it created', async () => {
    const mock = await startMock();
    try {
      const count = (await listing(mock, '/access_tokens')).length;
      await campaignAgainst(mock, ['secret-unchanged'], 5);
      expect(await listing(mock, '/access_tokens')).toHaveLength(count);
      expect(
        (await listing<{ attributes: { name: string } }>(mock, '/roles'))
          .map((r) => r.attributes.name)
          .filter((n) => n.startsWith('tc-')),
      ).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});
