import { mkdtemp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  curlLine,
  embeddedTarget,
  Ledger,
  OwnershipError,
  remoteConfigFromEnv,
  type Target,
} from '../../src/target/index.ts';

let target: Target;
let ledgerPath: string;
beforeAll(async () => {
  ledgerPath = join(await mkdtemp(join(tmpdir(), 'ledger-')), 'ledger.json');
  target = await embeddedTarget({}, { ledgerPath, runId: 'abc123' });
});
afterAll(() => target.close());

const roleBody = (name: string) => ({ data: { type: 'role', attributes: { name } } });

describe('recorded exchanges', () => {
  it('never hold a secret: attributes.token becomes a fingerprint, Authorization a label', async () => {
    const list = await target.cma({ method: 'GET', path: '/access_tokens' });
    const text = JSON.stringify(list);
    expect(target.knownSecrets().length).toBeGreaterThanOrEqual(3);
    for (const secret of target.knownSecrets()) expect(text).not.toContain(secret);
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

  it('give a curl line with the credential as an environment variable', async () => {
    const exchange = await target.cma({ method: 'POST', path: '/roles', body: roleBody('tc-abc123-curl') });
    const curl = curlLine(exchange);
    expect(curl).toContain(`-X POST '${target.cmaUrl}/roles'`);
    expect(curl).toContain('"Authorization: Bearer $DATOCMS_API_TOKEN"');
    expect(curl).toContain(`--data-binary '{"data":{"type":"role","attributes":{"name":"tc-abc123-curl"}}}'`);
    for (const secret of target.knownSecrets()) expect(curl).not.toContain(secret);
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
    expect(target.ledger.owns('role', id)).toBe(true);
    const onDisk = JSON.parse(await readFile(ledgerPath, 'utf8'));
    expect(onDisk.entries).toContainEqual(
      expect.objectContaining({ kind: 'role', id, state: 'owned', name: 'tc-abc123-owned' }),
    );
    expect((await target.cma({ method: 'DELETE', path: `/roles/${id}` })).response.status).toBe(200);
    expect(target.ledger.owns('role', id)).toBe(false);
    expect(target.ledger.mayWrite('role', id)).toBe(true);
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
