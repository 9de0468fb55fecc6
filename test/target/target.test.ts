import { mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.ts';
import {
  ConfigError,
  curlLine,
  Ledger,
  OwnershipError,
  projectOf,
  remoteConfigFromEnv,
  remoteTarget,
  type LedgerEntry,
  type ProjectBinding,
  type Target,
} from '../../src/target/index.ts';

let mock: RunningMock;
let target: Target;
let ledgerPath: string;
let here: ProjectBinding;
beforeAll(async () => {
  mock = await startMock();
  ledgerPath = join(await mkdtemp(join(tmpdir(), 'ledger-')), 'ledger.json');
  target = await remoteTarget(
    { cmaUrl: mock.cmaUrl, cdaUrl: mock.cdaUrl, token: mock.adminSecret, environment: undefined },
    { ledgerPath, runId: 'abc123' },
  );
  here = await projectOf(target);
});
afterAll(async () => {
  await target.close();
  await mock.close();
});

/** The secrets of the project, read from the mock itself, behind the suite's back. */
async function secrets(): Promise<string[]> {
  const response = await fetch(`${mock.cmaUrl}/access_tokens`, {
    headers: { authorization: `Bearer ${mock.adminSecret}`, accept: 'application/json' },
  });
  const { data } = (await response.json()) as { data: { attributes: { token: string } }[] };
  return data.map((t) => t.attributes.token);
}

/** The entries of the ledger at `path`, as cleanup reads them. */
function entriesOn(path: string): LedgerEntry[] {
  const read = Ledger.readFor(path, here);
  if ('refusal' in read) throw new Error(read.refusal);
  return read.ledger.entries;
}

const roleBody = (name: string) => ({ data: { type: 'role', attributes: { name } } });

describe('recorded exchanges', () => {
  it('never hold a secret: attributes.token becomes a fingerprint, Authorization a label', async () => {
    const list = await target.cma({ method: 'GET', path: '/access_tokens' });
    const text = JSON.stringify(list);
    const known = await secrets();
    expect(known.length).toBeGreaterThanOrEqual(3);
    for (const secret of known) expect(text).not.toContain(secret);
    expect(text).toMatch(/\[redacted sha256:[0-9a-f]{16}\]/);
    expect(list.request.headers.authorization).toBe('Bearer [redacted: admin]');
    expect(list.operationId).toBe('listAccessTokens');
  });

  it('give the same fingerprint for the same secret, so that oracles compare secrets without holding them', async () => {
    const a = await target.cma({ method: 'GET', path: '/access_tokens' });
    const b = await target.cma({ method: 'GET', path: '/access_tokens' });
    expect(JSON.stringify((a.response.body as { data: unknown[] }).data)).toBe(
      JSON.stringify((b.response.body as { data: unknown[] }).data),
    );
  });

  it('give a curl line with the base URL and the credential as the environment variables a user sets', async () => {
    const exchange = await target.cma({ method: 'POST', path: '/roles', body: roleBody('tc-abc123-curl') });
    const curl = curlLine(exchange, target.info);
    expect(curl).toContain(`-X POST "$DATOCMS_CMA_URL"'/roles'`);
    expect(curl).not.toContain(mock.cmaUrl);
    expect(curl).toContain('"Authorization: Bearer $DATOCMS_API_TOKEN"');
    expect(curl).toContain(`--data-binary '{"data":{"type":"role","attributes":{"name":"tc-abc123-curl"}}}'`);
    for (const secret of await secrets()) expect(curl).not.toContain(secret);
  });

  it('find a secret they have seen in a file, and say where, never what', async () => {
    const [secret] = await secrets();
    const file = join(await mkdtemp(join(tmpdir(), 'leak-')), 'report.txt');
    await writeFile(file, `Authorization: Bearer ${secret}`);
    expect(target.findLeaks([file])).toEqual([{ file, offset: 22 }]);
  });

  it('count every request, and the busiest 3-second window', async () => {
    const before = target.stats.requests;
    await target.cma({ method: 'GET', path: '/site' });
    expect(target.stats.requests).toBe(before + 1);
    expect(target.stats.peakPerWindow).toBeGreaterThan(0);
  });
});

describe('the ownership ledger', () => {
  it('refuses a write to a token the run does not own, before anything is sent', async () => {
    const list = await target.cma({ method: 'GET', path: '/access_tokens' });
    const someone = (list.response.body as { data: { id: string }[] }).data[0]!.id;
    const sent = target.stats.requests;
    await expect(target.cma({ method: 'PUT', path: `/access_tokens/${someone}`, body: {} })).rejects.toThrow(
      OwnershipError,
    );
    await expect(target.cma({ method: 'DELETE', path: `/access_tokens/${someone}` })).rejects.toThrow(OwnershipError);
    await expect(target.cma({ method: 'POST', path: `/access_tokens/${someone}/regenerate_token` })).rejects.toThrow(
      OwnershipError,
    );
    expect(target.stats.requests).toBe(sent);
  });

  it('records what the run creates, keeps it on disk, and lets it be written and deleted', async () => {
    const created = await target.cma({ method: 'POST', path: '/roles', body: roleBody('tc-abc123-owned') });
    const id = (created.response.body as { data: { id: string } }).data.id;
    expect(target.ownership.owned()).toContainEqual(expect.objectContaining({ kind: 'role', id }));
    expect(entriesOn(ledgerPath)).toContainEqual(
      expect.objectContaining({ kind: 'role', id, state: 'owned', name: 'tc-abc123-owned' }),
    );
    expect((await target.cma({ method: 'DELETE', path: `/roles/${id}` })).response.status).toBe(200);
    expect(target.ownership.owned()).not.toContainEqual(expect.objectContaining({ kind: 'role', id }));
    // Known absent: a write to it is harmless, and allowed.
    expect((await target.cma({ method: 'DELETE', path: `/roles/${id}` })).response.status).toBe(404);
  });

  it('writes a creation down before it is sent, so that a run killed before the answer leaves no orphan', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'ledger-')), 'ledger.json');
    let onDiskWhenSent: unknown;
    const watching = await remoteTarget(
      { cmaUrl: mock.cmaUrl, cdaUrl: mock.cdaUrl, token: mock.adminSecret, environment: undefined },
      {
        ledgerPath: path,
        runId: 'pend01',
        transport: (send) => async (raw) => {
          if (raw.method === 'POST') onDiskWhenSent = entriesOn(path);
          return send(raw);
        },
      },
    );
    try {
      await watching.cma({ method: 'POST', path: '/roles', body: roleBody('tc-pend01-role') });
      expect(onDiskWhenSent).toMatchObject([{ kind: 'role', id: '', name: 'tc-pend01-role', state: 'pending' }]);
      const [owned] = watching.ownership.owned();
      expect(owned).toMatchObject({ kind: 'role', name: 'tc-pend01-role', state: 'owned' });
      expect(entriesOn(path).map((e) => e.state)).toEqual(['owned']);
      await watching.cma({ method: 'DELETE', path: `/roles/${owned!.id}` });
    } finally {
      await watching.close();
    }
  });

  it('keeps its file while something owned is left, and removes it once nothing is', () => {
    const path = join(tmpdir(), `ledger-${process.pid}-${Date.now()}.json`);
    const ledger = new Ledger('x', 'test', path);
    ledger.own('role', '1', 'tc-x-a');
    ledger.close();
    expect(existsSync(path)).toBe(true);
    ledger.markAbsent('role', '1');
    ledger.close();
    expect(existsSync(path)).toBe(false);
  });
});

describe('remote configuration', () => {
  it('needs DATOCMS_API_TOKEN, and defaults the URLs to the real APIs', () => {
    expect(() => remoteConfigFromEnv({})).toThrow(ConfigError);
    expect(remoteConfigFromEnv({ DATOCMS_API_TOKEN: 'x' })).toEqual({
      cmaUrl: 'https://site-api.datocms.com',
      cdaUrl: 'https://graphql.datocms.com',
      token: 'x',
      environment: undefined,
    });
  });

  it('refuses a URL that is not http(s), in one line', () => {
    expect(() => remoteConfigFromEnv({ DATOCMS_API_TOKEN: 'x', DATOCMS_CMA_URL: 'ftp://x' })).toThrow(
      'DATOCMS_CMA_URL must be http(s): ftp://x',
    );
    expect(() => remoteConfigFromEnv({ DATOCMS_API_TOKEN: 'x', DATOCMS_CDA_URL: 'not a url' })).toThrow(
      'DATOCMS_CDA_URL is not a URL',
    );
  });
});
