import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.ts';
import { errorCodes } from '../../src/spec/index.ts';
import { exchange, sendHostileRequests, type HostileRequest, type RawResponse } from '../support/hostile-requests.ts';

// "The mock answers every request — any method, any path, any bytes — with a DatoCMS error
// document: no 500s and no framework default pages."

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ seed: 5 });
});
afterAll(() => mock.close());

it('answers a few hundred hostile requests with DatoCMS documents, no 5xx, and changes nothing', async () => {
  const summary = await sendHostileRequests(mock, { seed: 20261202, count: 300 });
  expect([...summary.unanswered, ...summary.serverErrors, ...summary.notDocuments]).toEqual([]);
  expect(summary.answered).toBe(300);
  expect(summary.stateUnchanged).toBe(true);
  // Generous: the bodies alone weigh more than this if the mock kept them.
  expect(summary.heapGrowthBytes).toBeLessThan(64 * 1024 * 1024);
  // The run reached the HTTP parser, the router, the body limit and the routes.
  expect(Object.keys(summary.statuses)).toEqual(expect.arrayContaining(['200', '400', '404', '413', '422', '431']));
});

/** Sends the text as it is ({admin} stands for the admin's secret) and reads the answers. */
function send(api: HostileRequest['api'], text: string, methods: string[] = []) {
  const bytes = Buffer.from(text.replaceAll('{admin}', mock.adminSecret), 'latin1');
  const port = Number(new URL(api === 'cma' ? mock.cmaUrl : mock.cdaUrl).port);
  return exchange(port, { api, label: text.slice(0, 40), bytes, methods });
}

const json = (response: RawResponse | undefined): unknown => JSON.parse(response?.body.toString() ?? 'null');

const AUTH = 'Authorization: Bearer {admin}\r\nAccept: application/json\r\n';
const GET_SITE = `GET /site HTTP/1.1\r\nHost: mock.test\r\n${AUTH}\r\n`;

describe('the answers to requests fastify or node used to answer themselves, or not at all', () => {
  it.each([
    [
      'QUERY, a method fastify parses but the CMA does not route',
      'cma',
      `QUERY /site HTTP/1.1\r\n${AUTH}\r\n`,
      [404],
      'INVALID_ENDPOINT',
    ],
    ['QUERY on the CDA', 'cda', 'QUERY / HTTP/1.1\r\nHost: mock.test\r\n\r\n', [404], 'INVALID_ENDPOINT'],
    ['CONNECT', 'cma', 'CONNECT mock.test:443 HTTP/1.1\r\nHost: mock.test:443\r\n\r\n', [404], 'INVALID_ENDPOINT'],
    ['a method node does not know', 'cma', `FOO /site HTTP/1.1\r\n${AUTH}\r\n`, [400], 'INVALID_REQUEST'],
    ['a malformed percent-encoding', 'cma', `GET /access_tokens/%zz HTTP/1.1\r\n${AUTH}\r\n`, [400], 'INVALID_REQUEST'],
    [
      'an absolute-form target that is not http',
      'cma',
      `GET ftp://mock.test/site HTTP/1.1\r\n${AUTH}\r\n`,
      [400],
      'INVALID_REQUEST',
    ],
    [
      'an id over 100 characters',
      'cma',
      `GET /access_tokens/${'7'.repeat(150)} HTTP/1.1\r\n${AUTH}\r\n`,
      [404],
      'NOT_FOUND',
    ],
    ['a path over 16 KiB', 'cma', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\n\r\n`, [431], 'INVALID_REQUEST'],
    [
      'a header over 16 KiB',
      'cma',
      `GET /site HTTP/1.1\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      [431],
      'INVALID_REQUEST',
    ],
    [
      'a bad Content-Length',
      'cma',
      'PUT /access_tokens/1 HTTP/1.1\r\nContent-Length: abc\r\n\r\n',
      [400],
      'INVALID_REQUEST',
    ],
    [
      'a bad chunk size',
      'cma',
      'PUT /roles/1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}',
      [400],
      'INVALID_REQUEST',
    ],
    ['the HTTP/2 preface', 'cda', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', [400], 'INVALID_REQUEST'],
    [
      'a body cut short, after Connection: Upgrade',
      'cma',
      'PUT /roles/1 HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nContent-Length: 9\r\n\r\n{}',
      [400],
      'INVALID_REQUEST',
    ],
    ['HTTP/1.1 without Host (served, as by Rails)', 'cma', `GET /site HTTP/1.1\r\n${AUTH}\r\n`, [200], undefined],
    [
      'an unknown expectation (served, as by Rails)',
      'cma',
      `GET /site HTTP/1.1\r\nExpect: teapot\r\n${AUTH}\r\n`,
      [200],
      undefined,
    ],
    [
      'a good read, then garbage: the read keeps its answer',
      'cma',
      `${GET_SITE}\u0001\u0002\r\n\r\n`,
      [200, 400],
      'INVALID_REQUEST',
    ],
    ['a good read, then CONNECT', 'cma', `${GET_SITE}CONNECT x:1 HTTP/1.1\r\n\r\n`, [200, 404], 'INVALID_ENDPOINT'],
  ] as const)('%s', async (_label, api, text, statuses, code) => {
    const { responses } = await send(api, text);
    expect(responses.map((response) => response.status)).toEqual(statuses);
    expect(errorCodes(json(responses.at(-1)))[0]).toBe(code);
  });

  it('a GraphQL query too deep to parse is a GraphQL error, not an error without a message', async () => {
    const body = JSON.stringify({ query: `{${'_site{'.repeat(3000)}locales${'}'.repeat(3001)}` });
    const { responses } = await send('cda', `POST / HTTP/1.1\r\n${AUTH}Content-Length: ${body.length}\r\n\r\n${body}`);
    expect(responses.map((response) => response.status)).toEqual([200]);
    expect(json(responses[0])).toMatchObject({
      errors: [{ message: expect.stringContaining('Document contains more tha') }],
    });
  });

  it('a pipelined request that expects 100-continue gets its interim answer before its final one, never inside', async () => {
    const expecting = 'SOURCE /site HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n';
    const { responses, rest } = await send('cma', `HEAD /site HTTP/1.1\r\n${AUTH}\r\n${expecting}`, ['HEAD', 'SOURCE']);
    expect(responses.map((response) => response.status)).toEqual([404, 404]);
    expect(errorCodes(json(responses[1]))).toEqual(['INVALID_ENDPOINT']);
    expect(rest.length).toBe(0);
  });
});
