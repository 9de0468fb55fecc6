// The hostile-server fixture tested on its own, with plain HTTP clients (undici, node:http,
// node:net) rather than the suite, so that a test written with it can trust what it does.
import { get as httpGet } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hostileTarget, startHostileServer, type HostileServer } from '../support/hostile-server.ts';

let hostile: HostileServer;
// Its own agent: a socket the fixture destroys must not disturb another test file's connections.
let agent: Agent;

beforeAll(async () => {
  hostile = await startHostileServer({ mock: { seed: 11 } });
  agent = new Agent({ keepAliveTimeout: 10_000 });
});

afterEach(() => hostile.reset());

afterAll(async () => {
  await agent?.close();
  await hostile?.close();
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  token?: string;
  timeoutMs?: number;
}

async function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const response = await request(`${base}${path}`, {
    method: method as 'GET',
    dispatcher: agent,
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${options.token ?? hostile.adminSecret}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    // Every call is bounded: a fixture bug must fail this file, not hang it.
    signal: AbortSignal.timeout(options.timeoutMs ?? 2000),
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { status: response.statusCode, headers, text: await response.body.text() };
}

const cma = (method: string, path: string, options?: CallOptions) => call(hostile.cmaUrl, method, path, options);
const direct = (method: string, path: string, options?: CallOptions) =>
  call(hostile.mock.cmaUrl, method, path, options);

async function roleId(): Promise<string> {
  const roles = JSON.parse((await direct('GET', '/roles')).text) as { data: { id: string }[] };
  return roles.data[0]!.id;
}

const creation = (name: string, role: string) => ({
  data: {
    type: 'access_token',
    attributes: { name, can_access_cda: true, can_access_cda_preview: false, can_access_cma: true },
    relationships: { role: { data: { type: 'role', id: role } } },
  },
});

async function tokenNames(): Promise<string[]> {
  const list = JSON.parse((await direct('GET', '/access_tokens')).text) as { data: { attributes: { name: string } }[] };
  return list.data.map((token) => token.attributes.name);
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 5) {
    if (waited > 1000) throw new Error('condition not met within 1 s');
    await sleep(5);
  }
}

describe('the hostile server, unprovoked', () => {
  it('passes requests through untouched and logs them per method and path', async () => {
    const through = await cma('GET', '/site');
    const straight = await direct('GET', '/site');
    expect(through.status).toBe(200);
    expect(through.text).toBe(straight.text);
    expect(through.headers['content-type']).toBe(straight.headers['content-type']);
    const cda = await call(hostile.cdaUrl, 'POST', '/?probe=1', { body: { query: '{ _site { locales } }' } });
    expect(cda.status).toBe(200);
    expect(hostile.counts()).toEqual({ 'cma GET /site': 1, 'cda POST /': 1 });
    expect(hostile.count({ api: 'cda' })).toBe(1);
    expect(hostile.count({ method: 'get', path: /^\/si/ })).toBe(1);
    expect(hostile.requests.map((r) => [r.seq, r.act, r.forwarded, r.url])).toEqual([
      [1, 'pass', true, '/site'],
      [2, 'pass', true, '/?probe=1'],
    ]);
    expect(JSON.parse(hostile.requests[1]!.body)).toEqual({ query: '{ _site { locales } }' });
  });

  it('acts on the nth matching request only, or on `times` of them, and leaves the others alone', async () => {
    const second = hostile.behave({ match: { path: '/site', nth: 2 }, act: { kind: 'garbage', body: 'x' } });
    const twice = hostile.behave({ match: { method: 'GET', times: 2 }, act: { kind: 'rate-limit', resetSeconds: 1 } });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await cma('GET', '/site')).status);
    // 1: the first rule waits for its 2nd, the second acts; 2: the first acts; 3: the second again.
    expect(statuses).toEqual([429, 200, 429, 200]);
    expect([second.applied, twice.applied]).toEqual([1, 2]);
    expect(hostile.requests.map((r) => r.act)).toEqual(['rate-limit', 'garbage', 'rate-limit', 'pass']);
    twice.remove();
    expect((await cma('GET', '/site')).status).toBe(200);
  });

  it('refuses a rule that cannot mean anything, where it is written', () => {
    expect(() => hostile.behave({ match: { nth: 0 }, act: { kind: 'stall' } })).toThrow(RangeError);
    expect(() => hostile.behave({ act: { kind: 'huge-body', bytes: 3 } })).toThrow(RangeError);
    expect(() => hostile.behave({ act: { kind: 'trickle', everyMs: 0 } })).toThrow(RangeError);
  });
});

describe('each act', () => {
  it('stall: accepts the request and never answers, until reset() drops it', async () => {
    hostile.behave({ match: { path: '/site' }, act: { kind: 'stall' } });
    await expect(cma('GET', '/site', { timeoutMs: 150 })).rejects.toThrow(/abort|timeout/i);
    const pending = cma('GET', '/site');
    await until(() => hostile.count({ path: '/site' }) === 2);
    hostile.reset();
    await expect(pending).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect((await cma('GET', '/site')).status).toBe(200);
  });

  it('stall with forward: the mock applies the request, the client never hears of it', async () => {
    const role = await roleId();
    hostile.behave({ match: { method: 'POST' }, act: { kind: 'stall', forward: true } });
    await expect(
      cma('POST', '/access_tokens', { body: creation('stalled-after-apply', role), timeoutMs: 150 }),
    ).rejects.toThrow(/abort|timeout/i);
    // The client's timeout and the mock's answer race: the creation shows up by itself, or never.
    await until(async () => (await tokenNames()).includes('stalled-after-apply'));
    expect(hostile.requests.map((r) => [r.act, r.forwarded])).toEqual([['stall', true]]);
  });

  it('trickle: the headers at once, then the body a byte at a time', async () => {
    const full = (await direct('GET', '/site')).text;
    hostile.behave({ match: { path: '/site' }, act: { kind: 'trickle', bytesEvery: 1, everyMs: 50 } });
    const response = await request(`${hostile.cmaUrl}/site`, {
      dispatcher: agent,
      headers: { accept: 'application/json', authorization: `Bearer ${hostile.adminSecret}` },
      signal: AbortSignal.timeout(2000),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(full)));
    let received = 0;
    response.body.on('data', (chunk: Buffer) => (received += chunk.length));
    await sleep(100);
    expect(received).toBeGreaterThanOrEqual(1);
    expect(received).toBeLessThan(10);
    response.body.destroy();
  });

  it('trickle: the body that arrives in the end is the mock answer, byte for byte', async () => {
    const full = (await direct('GET', '/site')).text;
    hostile.behave({ match: { path: '/site' }, act: { kind: 'trickle', bytesEvery: 128, everyMs: 5 } });
    expect((await cma('GET', '/site')).text).toBe(full);
  });

  it('echo-headers: every request header, Authorization included, in the headers and in meta', async () => {
    hostile.behave({ act: { kind: 'echo-headers' } });
    const answer = await cma('GET', '/site', { headers: { 'x-probe': 'hello' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-echo-authorization']).toBe(`Bearer ${hostile.adminSecret}`);
    expect(answer.headers['x-echo-x-probe']).toBe('hello');
    const body = JSON.parse(answer.text) as {
      data: { type: string };
      meta: { echoed_headers: Record<string, string> };
    };
    expect(body.data.type).toBe('site');
    expect(body.meta.echoed_headers).toMatchObject({
      authorization: `Bearer ${hostile.adminSecret}`,
      'x-probe': 'hello',
    });
  });

  it('garbage: exactly these bytes, with the status and headers given', async () => {
    hostile.behave({
      act: { kind: 'garbage', body: Buffer.from([0xff, 0x00, 0x7b]), status: 502, headers: { 'x-why': 'because' } },
    });
    const response = await request(`${hostile.cmaUrl}/site`, { dispatcher: agent, signal: AbortSignal.timeout(2000) });
    expect(response.statusCode).toBe(502);
    expect(response.headers['x-why']).toBe('because');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(Buffer.from(await response.body.arrayBuffer())).toEqual(Buffer.from([0xff, 0x00, 0x7b]));
    expect(hostile.requests[0]!.forwarded).toBe(false);
  });

  it('huge-body: a valid JSON document of exactly the size asked', async () => {
    hostile.behave({ act: { kind: 'huge-body', bytes: 300_000 } });
    const answer = await cma('GET', '/access_tokens');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(Buffer.byteLength(answer.text)).toBe(300_000);
    expect(JSON.parse(answer.text)).toMatchObject({ data: [] });
  });

  it('deep-body: arrays nested as deep as asked', async () => {
    hostile.behave({ act: { kind: 'deep-body', depth: 5000 } });
    const answer = await cma('GET', '/site');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('['.repeat(5000) + ']'.repeat(5000));
  });

  it('rate-limit: 429, X-RateLimit-Reset and a CMA error document; the mock never sees it', async () => {
    const role = await roleId();
    hostile.behave({ match: { method: 'POST' }, act: { kind: 'rate-limit', resetSeconds: 7 } });
    const answer = await cma('POST', '/access_tokens', { body: creation('rate-limited', role) });
    expect(answer.status).toBe(429);
    expect(answer.headers['x-ratelimit-reset']).toBe('7');
    expect(JSON.parse(answer.text)).toMatchObject({
      data: [{ type: 'api_error', attributes: { code: 'RATE_LIMIT_EXCEEDED' } }],
    });
    expect(await tokenNames()).not.toContain('rate-limited');
  });

  it('no-content-with-body: a raw 204 carrying a body and its Content-Length', async () => {
    hostile.behave({ act: { kind: 'no-content-with-body', body: '{"oops":true}' } });
    const { port } = new URL(hostile.cmaUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('DELETE /access_tokens/1 HTTP/1.1\r\nHost: hostile\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw.startsWith('HTTP/1.1 204 No Content\r\n')).toBe(true);
    expect(raw).toMatch(/\r\nContent-Length: 13\r\n/);
    expect(raw.endsWith('\r\n\r\n{"oops":true}')).toBe(true);
  });

  it('huge-header: the mock answer plus one header of the size asked', async () => {
    hostile.behave({ act: { kind: 'huge-header', bytes: 65_536 } });
    const answer = await new Promise<{ status: number; padding: string; body: string }>((resolve, reject) => {
      // Node's default 16 KiB header limit would refuse it: that is what the act is for.
      httpGet(
        `${hostile.cmaUrl}/site`,
        {
          maxHeaderSize: 1 << 20,
          headers: { accept: 'application/json', authorization: `Bearer ${hostile.adminSecret}` },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, padding: String(res.headers['x-hostile-padding']), body }),
          );
        },
      ).on('error', reject);
    });
    expect(answer.padding).toHaveLength(65_536);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ data: { type: 'site' } });
    await expect(cma('GET', '/site')).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_OVERFLOW' });
  });

  it('apply-then-drop: the mock creates the token, the client gets a socket error', async () => {
    const role = await roleId();
    hostile.behave({ match: { method: 'POST', path: '/access_tokens' }, act: { kind: 'apply-then-drop' } });
    await expect(cma('POST', '/access_tokens', { body: creation('answer-lost', role) })).rejects.toMatchObject({
      code: 'UND_ERR_SOCKET',
    });
    expect(await tokenNames()).toContain('answer-lost');
    expect(hostile.requests.map((r) => [r.act, r.forwarded])).toEqual([['apply-then-drop', true]]);
  });

  it('malformed-creation: the mock creates the token, the answer is 201 and no document', async () => {
    const role = await roleId();
    hostile.behave({ match: { method: 'POST' }, act: { kind: 'malformed-creation' } });
    const answer = await cma('POST', '/access_tokens', { body: creation('half-answered', role) });
    expect(answer.status).toBe(201);
    expect(answer.text).toBe('{"data":');
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(await tokenNames()).toContain('half-answered');
  });

  it('override-headers: sets and removes response headers, the body untouched', async () => {
    const full = (await direct('GET', '/site')).text;
    hostile.behave({
      act: { kind: 'override-headers', headers: { 'Content-Type': 'text/html', 'x-api-version': null } },
    });
    const answer = await cma('GET', '/site');
    expect(answer.headers['content-type']).toBe('text/html');
    expect(answer.headers['x-api-version']).toBeUndefined();
    expect(answer.headers['x-ratelimit-limit']).toBeDefined();
    expect(answer.text).toBe(full);
  });

  it("secret-in-content-type: the request's bearer secret as a Content-Type parameter", async () => {
    hostile.behave({ act: { kind: 'secret-in-content-type' } });
    const admin = await cma('GET', '/site');
    expect(admin.headers['content-type']).toMatch(new RegExp(`^application/json.*; secret=${hostile.adminSecret}$`));
    const stranger = await cma('GET', '/site', { token: 'not-a-real-secret' });
    expect(stranger.status).toBe(401);
    expect(stranger.headers['content-type']).toMatch(/; secret=not-a-real-secret$/);
  });
});

describe('hostileTarget', () => {
  it('is a Target through the hostile server; closing it leaves the server running', async () => {
    const target = await hostileTarget(hostile, { timeoutMs: 2000 });
    try {
      const exchange = await target.cma({ method: 'GET', path: '/site' });
      expect(exchange.response.status).toBe(200);
      expect(target.info.cmaUrl).toBe(hostile.cmaUrl);
    } finally {
      await target.close();
    }
    expect(hostile.counts()).toEqual({ 'cma GET /site': 1 });
    expect((await cma('GET', '/site')).status).toBe(200);
  });
});
