import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { campaignConfig, runCampaign } from '../../src/campaign/index.ts';
import type { InvariantId } from '../../src/invariants/index.ts';
import { politeTransport, TransportError, type PoliteOptions } from '../../src/target/index.ts';
import { hostileTarget, startHostileServer, type HostileServer } from '../support/hostile-server.ts';
import { namesOn } from '../support/project.ts';

// A server that misbehaves in the HTTP exchange itself: the run must end within its deadline plus
// the cleanup allowance, leave nothing of its own behind, and never crash.
let hostile: HostileServer;

beforeAll(async () => {
  hostile = await startHostileServer({ mock: { seed: 11 } });
});
afterEach(() => hostile.reset());
afterAll(() => hostile.close());

/** What the run left on the mock: tokens and roles named like a run's (`tc-…`), read behind the hostile server's back. */
async function leftovers(): Promise<string[]> {
  const names = [...(await namesOn(hostile.mock, '/access_tokens')), ...(await namesOn(hostile.mock, '/roles'))];
  return names.filter((name) => name.startsWith('tc-'));
}

/** Deletes the run's leftovers behind the hostile server's back (tokens first: a role in use cannot go). */
async function removeLeftovers(): Promise<void> {
  const headers = { authorization: `Bearer ${hostile.adminSecret}`, accept: 'application/json' };
  for (const path of ['/access_tokens', '/roles']) {
    const listing = await fetch(`${hostile.mock.cmaUrl}${path}`, { headers });
    const { data } = (await listing.json()) as { data: { id: string; attributes: { name: string } }[] };
    for (const { id } of data.filter((r) => r.attributes.name.startsWith('tc-')))
      await fetch(`${hostile.mock.cmaUrl}${path}/${id}`, { method: 'DELETE', headers });
  }
}

/** A short staging-like campaign through the polite transport, with deadlines a test can wait for. */
async function campaignWithin(
  phases: Pick<PoliteOptions, 'deadline' | 'cleanupAllowanceMs'>,
  only: InvariantId[],
  timeBudgetMs = 600,
) {
  // A short window: the mock counts a 60-request budget, and the transport pauses a window when it runs low.
  const transport = politeTransport({ limit: 100_000, windowMs: 100, share: 1, ...phases });
  const target = await hostileTarget(hostile, { transport });
  const started = Date.now();
  try {
    const result = await runCampaign(target, campaignConfig({ invariants: only, runs: 2, seed: 3, timeBudgetMs }));
    return { result, elapsedMs: Date.now() - started };
  } finally {
    await target.close();
  }
}

describe('a run against a hostile server', () => {
  it('ends by its deadline plus the cleanup allowance when answers trickle, and leaves nothing behind', async () => {
    // Every update's answer comes one byte every 400 ms: minutes for one document.
    hostile.behave({ match: { method: 'PUT' }, act: { kind: 'trickle', bytesEvery: 1, everyMs: 400 } });
    const { result, elapsedMs } = await campaignWithin({ deadline: Date.now() + 1500, cleanupAllowanceMs: 1500 }, [
      'secret-unchanged',
    ]);
    expect(elapsedMs).toBeLessThan(1500 + 1500);
    expect(result.invariants[0]?.stopped).toBe('time-budget');
    expect(await leftovers()).toEqual([]);
  });

  it('does not sleep through a 429 whose reset is absurd, and still cleans up', async () => {
    hostile.behave({ match: { method: 'PUT', nth: 1 }, act: { kind: 'rate-limit', resetSeconds: 1e9 } });
    const { result, elapsedMs } = await campaignWithin({ deadline: Date.now() + 20_000, cleanupAllowanceMs: 5000 }, [
      'secret-unchanged',
    ]);
    expect(elapsedMs).toBeLessThan(5000);
    expect(result.ending).toBe('target-failed');
    expect(result.invariants[0]?.error).toMatch(/rate limited for 1000000000 s, past the run's deadline/);
    expect(await leftovers()).toEqual([]);
  });

  it('refuses an oversized answer as it arrives: a transport failure, not 50 MB in memory', async () => {
    const target = await hostileTarget(hostile);
    try {
      hostile.behave({ match: { method: 'GET', path: '/site' }, act: { kind: 'huge-body', bytes: 20 * 1024 * 1024 } });
      const before = process.memoryUsage().rss;
      const failure = await target.cma({ method: 'GET', path: '/site' }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TransportError);
      expect((failure as TransportError).code).toBe('ERESPONSETOOLARGE');
      // The fixture built its 20 MB answer in this process too: the client kept at most its 8 MiB cap of it.
      expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await target.close();
    }
  });

  it('judges a body nested 100,000 deep as unreadable, and every check survives it', async () => {
    // From the second read of a token on: the first is the setup's probe of an absent id.
    hostile.behave({
      match: { method: 'GET', path: /^\/access_tokens\/\w+$/, nth: 2, times: 1000 },
      act: { kind: 'deep-body', depth: 100_000 },
    });
    // Each invariant must get its runs in, however busy the machine: the budget is not what is tested.
    const { result } = await campaignWithin(
      {},
      ['secret-unchanged', 'response-conforms', 'read-only-untouched'],
      20_000,
    );
    expect(result.invariants.filter((r) => r.errorCause === 'suite')).toEqual([]);
    expect(
      result.invariants.some((r) => r.failures.some((f) => /nests deeper than/.test(f.counterexample.message))),
    ).toBe(true);
  });

  it('looks a creation up by its name when the answer is lost, and never creates it twice', async () => {
    hostile.behave({ match: { method: 'POST', path: '/access_tokens', nth: 1 }, act: { kind: 'apply-then-drop' } });
    const { result } = await campaignWithin({}, ['secret-unchanged']);
    expect(result.ending).toBe('completed');
    const names = hostile.requests
      .filter((r) => r.method === 'POST' && r.path === '/access_tokens')
      .map((r) => (JSON.parse(r.body) as { data: { attributes: { name: string } } }).data.attributes.name);
    expect(new Set(names).size).toBe(names.length);
    expect(await leftovers()).toEqual([]);
  });

  it('removes a creation whose answer is no document, though the run never learnt its id', async () => {
    hostile.behave({ match: { method: 'POST', path: '/access_tokens', nth: 2 }, act: { kind: 'malformed-creation' } });
    const { result } = await campaignWithin({}, ['secret-unchanged']);
    expect(result.ending).toBe('target-failed');
    expect(await leftovers()).toEqual([]);
  });

  it('never takes a resource a creation answer names but the run did not create', async () => {
    const admin = hostile.mock.adminTokenId;
    const foreign = JSON.stringify({ data: { type: 'access_token', id: admin, attributes: { name: 'Admin' } } });
    hostile.behave({
      match: { method: 'POST', path: '/access_tokens', nth: 1 },
      act: { kind: 'garbage', body: foreign, status: 201, forward: true },
    });
    const { result } = await campaignWithin({}, ['secret-unchanged']);
    expect(result.ending).toBe('target-failed');
    expect(hostile.count({ path: `/access_tokens/${admin}`, method: 'PUT' })).toBe(0);
    expect(hostile.count({ path: `/access_tokens/${admin}`, method: 'DELETE' })).toBe(0);
    // The token the server did create is found by its name, and removed.
    expect(await leftovers()).toEqual([]);
  });

  it('sends a creation again only when a readable listing shows it was not made', async () => {
    hostile.behave({ match: { method: 'POST', path: '/access_tokens', nth: 1 }, act: { kind: 'apply-then-drop' } });
    hostile.behave({
      match: { method: 'GET', path: '/access_tokens', nth: 1 },
      act: { kind: 'garbage', body: 'oops', status: 500 },
    });
    await campaignWithin({}, ['secret-unchanged']);
    const posted = hostile.requests
      .filter((r) => r.method === 'POST' && r.path === '/access_tokens')
      .map((r) => r.body);
    expect(new Set(posted).size).toBe(posted.length);
    expect(await leftovers()).toEqual([]);
  });

  it('reports the run when cleaning up fails, and says why', async () => {
    // From the third deletion on: setting up deletes a token and a role of its own (to know absent ids).
    hostile.behave({ match: { method: 'DELETE', nth: 3, times: 100 }, act: { kind: 'stall' } });
    const { result, elapsedMs } = await campaignWithin({ deadline: Date.now() + 1500, cleanupAllowanceMs: 500 }, [
      'secret-unchanged',
    ]);
    expect(result.cleanupError).toMatch(/the cleanup allowance has run out/);
    expect(elapsedMs).toBeLessThan(1500 + 500 + 1000);
    hostile.reset();
    // What stalled is still the run's: a later cleanup (here, by hand) finds it by name.
    expect((await leftovers()).length).toBeGreaterThan(0);
    await removeLeftovers();
  });

  it('retries a CDA query after a transient failure: a query is a read, though it is a POST', async () => {
    const target = await hostileTarget(hostile, {
      transport: politeTransport({ limit: 100_000, windowMs: 100, share: 1 }),
    });
    try {
      hostile.behave({ match: { api: 'cda', nth: 1 }, act: { kind: 'garbage', body: '{}', status: 503 } });
      const answer = await target.cda({ query: '{ _site { locales } }', credential: { kind: 'admin' } });
      expect(answer.response.status).toBe(200);
      expect(hostile.count({ api: 'cda' })).toBe(2);
    } finally {
      await target.close();
    }
  });
});
