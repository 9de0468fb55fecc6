import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_LIMITS, HttpClient } from '../../src/target/http.ts';

// A forward proxy on loopback that opens CONNECT tunnels, as corporate proxies do, and counts them.
let proxy: Server;
let origin: Server;
const tunnels: string[] = [];
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

beforeAll(async () => {
  origin = createServer((_req, res) => res.end('{"data":{}}'));
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await Promise.all([origin, proxy].map((s) => new Promise<void>((done) => s.listen(0, '127.0.0.1', done))));
});
afterAll(async () => {
  for (const server of [proxy, origin]) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

const get = (client: HttpClient, fresh?: true) =>
  client.send({ method: 'GET', url: `${urlOf(origin)}/site`, headers: {}, ...(fresh ? { fresh } : {}) });

describe('a proxy from the environment', () => {
  it('carries every request, new connections included, and NO_PROXY makes the exceptions', async () => {
    const client = new HttpClient(DEFAULT_HTTP_LIMITS, { HTTPS_PROXY: '', http_proxy: urlOf(proxy) });
    tunnels.length = 0;
    expect((await get(client)).status).toBe(200);
    expect((await get(client, true)).status).toBe(200);
    const target = new URL(urlOf(origin)).host;
    expect(tunnels).toEqual([target, target]);
    await client.close();

    const excepted = new HttpClient(DEFAULT_HTTP_LIMITS, { HTTP_PROXY: urlOf(proxy), NO_PROXY: '127.0.0.1' });
    tunnels.length = 0;
    expect((await get(excepted)).status).toBe(200);
    expect(tunnels).toEqual([]);
    await excepted.close();
  });

  it('is not used when no variable names one', async () => {
    const client = new HttpClient(DEFAULT_HTTP_LIMITS, {});
    tunnels.length = 0;
    expect((await get(client)).status).toBe(200);
    expect(tunnels).toEqual([]);
    await client.close();
  });
});
