import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/target/http.ts';
import { TransportError } from '../../src/target/index.ts';

// Raw HTTP/1.1 written by hand: a server that declares one length and sends another, or none.
const LIMIT = 64 * 1024;
const ANSWERS: Record<string, (socket: Socket) => void> = {
  '/declared-too-long': (socket) => {
    socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${LIMIT + 1}\r\n\r\n`);
    socket.end('x'.repeat(LIMIT + 1));
  },
  '/longer-than-declared': (socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n');
    socket.end(`{}${' '.repeat(4 * LIMIT)}`);
  },
  '/chunked-too-long': (socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
    const chunk = 'y'.repeat(16 * 1024);
    for (let i = 0; i < 8; i += 1) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    socket.end('0\r\n\r\n');
  },
  '/chunked': (socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
    socket.end('2\r\n{}\r\n0\r\n\r\n');
  },
};

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (head) => ANSWERS[head.toString().split(' ')[1] ?? '']?.(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = async (path: string) => {
  const client = new HttpClient({ timeoutMs: 5000, maxBodyBytes: LIMIT });
  try {
    return await client.send({ method: 'GET', url: `${base}${path}`, headers: {} });
  } finally {
    await client.close();
  }
};

describe('the HTTP client bounds every answer it reads', () => {
  it('refuses an answer past the limit as it arrives, its length declared', async () => {
    const failure = await get('/declared-too-long').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).code).toBe('ERESPONSETOOLARGE');
  });

  it('reads no further than the declared length, whatever the server sends after it', async () => {
    expect((await get('/longer-than-declared')).text).toBe('{}');
  });

  it('counts an undeclared (chunked) length as it arrives, and refuses it past the limit', async () => {
    expect((await get('/chunked')).text).toBe('{}');
    const failure = await get('/chunked-too-long').catch((error: unknown) => error);
    expect((failure as TransportError).code).toBe('ERESPONSETOOLARGE');
  });
});
