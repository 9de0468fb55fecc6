import fc from 'fast-check';
import { METHODS } from 'node:http';
import { connect } from 'node:net';
import type { RunningMock } from '../../src/mock/index.ts';
import { errorCodes, isPlainObject, loadContract, type Contract } from '../../src/spec/index.ts';

// Hostile raw HTTP requests for the mock: every byte is written by hand over a socket, so that the
// request line, the headers, the framing and the body can be as broken as a client makes them.
// None of them may change the project, even those sent with the admin's token: the ids are ids no
// token or role has, and every body the CMA gets breaks its schema.

export interface HostileRequest {
  api: 'cma' | 'cda';
  /** What is hostile about it, short, for a failure message. */
  label: string;
  bytes: Buffer;
  /** The methods of the requests the bytes hold, in order (an answer to a HEAD has no body). */
  methods: string[];
}

/** Just past the mock's body limit (1 MiB). */
const OVER_BODY_LIMIT = 1024 * 1024 + 1;

const short = (text: string): string =>
  JSON.stringify(text.length > 40 ? `${text.slice(0, 24)}…(${text.length} chars)` : text);

const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

const hostileId = fc.oneof(
  fc.constantFrom('%zz', '%', '%0', '%00', '%C0%AF', '%E2%82', '%F0%9F%98%80', '%2e%2e', '..', '-1', '0x1f', '%2F'),
  // Raw bytes that are not ASCII (written as latin1, so not UTF-8 either).
  fc.constantFrom('\u00e9', '\u00ff\u00fe', 'caf\u00e9'),
  // Around fastify's default maxParamLength (100), and past node's header limit (16 KiB).
  fc.integer({ min: 90, max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 12, max: 400 }).map((n) => '9'.repeat(n)),
);

/** Fills every :id of a template with a hostile id. */
const withHostileIds = (templates: readonly string[]) =>
  fc.tuple(fc.constantFrom(...templates), hostileId).map(([template, id]) => template.replaceAll(':id', id));

const cmaPath = fc.oneof(
  fc.constantFrom('/site', '/users/me', '/access_tokens', '/roles', '/', '/nowhere', '//site', '/site;x=1', '/SITE'),
  withHostileIds(['/access_tokens/:id', '/access_tokens/:id/regenerate_token', '/roles/:id', '/:id', '/:id/:id']),
);

/** The CMA's endpoints; none changes anything with the ids above. */
const ENDPOINTS = [
  'GET /site',
  'GET /users/me',
  'GET /access_tokens',
  'POST /access_tokens',
  'GET /access_tokens/:id',
  'PUT /access_tokens/:id',
  'DELETE /access_tokens/:id',
  'POST /access_tokens/:id/regenerate_token',
  'GET /roles',
  'POST /roles',
  'GET /roles/:id',
  'DELETE /roles/:id',
];

const endpoint = withHostileIds(ENDPOINTS).map((line) => {
  const space = line.indexOf(' ');
  return [line.slice(0, space), line.slice(space + 1)] as const;
});

const query = fc.oneof(
  weighted(4, fc.constant('')),
  weighted(
    2,
    fc.constantFrom(
      '?%zz',
      '?a=%',
      '?a=%E2',
      '?__proto__[x]=1&constructor[prototype][y]=2',
      '?destination_user_type[]=x&destination_user_id[a]=1',
      '?a=1&a=2&a=3',
      '?=&&=',
      '??',
      '#fragment',
    ),
  ),
  weighted(
    1,
    fc.integer({ min: 100, max: 20_000 }).map((n) => `?q=${'q'.repeat(n)}`),
  ),
  weighted(
    1,
    fc.integer({ min: 10, max: 3_000 }).map((n) => `?${'p[]=1&'.repeat(n)}`),
  ),
  weighted(
    1,
    fc.integer({ min: 10, max: 2_000 }).map((n) => `?a${'[b]'.repeat(n)}=1`),
  ),
);

/** The request target: mostly origin-form, sometimes another form, or one no server accepts. */
const target = (path: fc.Arbitrary<string>) =>
  fc.tuple(path, query).chain(([p, q]) => {
    const origin = `${p}${q}`;
    const others = [
      `http://mock.test${origin}`,
      `https://u:p@mock.test:8443${origin}`,
      `ftp://mock.test${origin}`,
      origin.slice(1),
      '*',
      'mock.test:443',
      `${origin} extra`,
    ];
    return fc.oneof(weighted(9, fc.constant(origin)), weighted(1, fc.constantFrom(...others)));
  });

const method = fc.oneof(
  weighted(10, fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD')),
  weighted(4, fc.constantFrom(...METHODS)),
  weighted(1, fc.constantFrom('FOO', 'get', 'G ET', 'GET\u0000', 'PRI', 'BREW', '', 'X'.repeat(100))),
);

const version = fc.oneof(
  weighted(14, fc.constant(' HTTP/1.1')),
  weighted(1, fc.constantFrom(' HTTP/1.0', '', ' HTTP/2.0', ' HTTP/9.9', ' http/1.1', ' HTTP/1.1 extra', ' HTTP/1.10')),
);

const authorization = (secret: string) =>
  fc.oneof(
    weighted(4, fc.constant([`Authorization: Bearer ${secret}`])),
    weighted(
      2,
      fc.constantFrom(
        [],
        ['Authorization: Bearer nope'],
        ['Authorization: Bearer'],
        ['Authorization: Basic Zm9vOmJhcg=='],
        [`Authorization: Bearer ${secret}`, 'Authorization: Bearer nope'],
        ['Authorization: Bearer \u00ff\u00fe'],
      ),
    ),
  );

const contentType = fc.oneof(
  weighted(3, fc.constantFrom(['Content-Type: application/vnd.api+json'], ['Content-Type: application/json'])),
  weighted(
    2,
    fc.constantFrom(
      [],
      ['Content-Type: text/plain'],
      ['Content-Type: application/json; charset=latin1'],
      ['Content-Type: ;;;'],
      ['Content-Type: application/json', 'Content-Type: text/plain'],
    ),
  ),
);

const protocolHeaders = fc.oneof(
  weighted(4, fc.constant(['Accept: application/json', 'X-Api-Version: 3'])),
  weighted(
    1,
    fc.constantFrom(
      [],
      ['Accept: */*'],
      ['Accept: text/html'],
      ['Accept: \u00ff'],
      ['X-Api-Version: 2'],
      ['Accept: application/json', 'X-Api-Version: '],
    ),
  ),
);

/** Headers a parser may refuse, or a router may trip on. */
const oddHeaders = fc.oneof(
  weighted(8, fc.constant<string[]>([])),
  weighted(
    1,
    fc.integer({ min: 1_000, max: 40_000 }).map((n) => [`X-Big: ${'b'.repeat(n)}`]),
  ),
  weighted(
    1,
    fc.integer({ min: 10, max: 3_000 }).map((n) => Array.from({ length: n }, (_, i) => `X-H${i}: v`)),
  ),
  weighted(
    3,
    fc.constantFrom(
      ['X-Bad: a\u0000b'],
      ['X-Bad: a\u007fb'],
      ['no colon here'],
      ['X-Fold: a', ' folded'],
      ['Bad Name: v'],
      [': no name'],
      ['X-Environment: \u00ff\u00fe'],
      ['X-Environment: a', 'X-Environment: b'],
      ['X-Include-Drafts: yes'],
      ['X-Include-Drafts: true', 'X-Include-Drafts: true'],
      ['Expect: 100-continue'],
      ['Expect: teapot'],
      ['Connection: close'],
      ['Connection: Upgrade', 'Upgrade: websocket'],
      ['Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', 'HTTP2-Settings: AAMAAABkAAQAAP__'],
      ['Content-Encoding: gzip'],
      ['Host: a', 'Host: b'],
      ['Accept-Version: 1.0.0'],
      ['X-HTTP-Method-Override: DELETE'],
    ),
  ),
);

const host = fc.oneof(weighted(9, fc.constant(['Host: mock.test'])), weighted(1, fc.constantFrom([], ['Host: '])));

/** How the body is delimited; most ways are wrong. */
const FRAMINGS = [
  'length',
  'none',
  'length-short',
  'length-long',
  'length-negative',
  'length-letters',
  'length-twice',
  'length-overflow',
  'chunked',
  'chunked-garbage',
  'chunked-unterminated',
  'chunked-and-length',
  'chunked-gzip',
  'identity',
] as const;
type Framing = (typeof FRAMINGS)[number];

const framing = fc.oneof(weighted(8, fc.constant<Framing>('length')), weighted(2, fc.constantFrom(...FRAMINGS)));

function frame(body: Buffer, how: Framing): { headers: string[]; payload: Buffer } {
  const n = body.length;
  const chunked = (end: string) =>
    Buffer.concat([Buffer.from(`${n.toString(16)};ext=1\r\n`), body, Buffer.from(`\r\n${end}`)]);
  switch (how) {
    case 'length':
      return { headers: [`Content-Length: ${n}`], payload: body };
    case 'none':
      return { headers: [], payload: body };
    case 'length-short':
      return { headers: [`Content-Length: ${Math.floor(n / 2)}`], payload: body };
    case 'length-long':
      return { headers: [`Content-Length: ${n + 10}`], payload: body };
    case 'length-negative':
      return { headers: ['Content-Length: -1'], payload: body };
    case 'length-letters':
      return { headers: ['Content-Length: abc'], payload: body };
    case 'length-twice':
      return { headers: [`Content-Length: ${n}`, `Content-Length: ${n + 1}`], payload: body };
    case 'length-overflow':
      return { headers: ['Content-Length: 99999999999999999999'], payload: body };
    case 'chunked':
      return { headers: ['Transfer-Encoding: chunked'], payload: chunked('0\r\n\r\n') };
    case 'chunked-garbage':
      return { headers: ['Transfer-Encoding: chunked'], payload: Buffer.concat([Buffer.from('zz\r\n'), body]) };
    case 'chunked-unterminated':
      return { headers: ['Transfer-Encoding: chunked'], payload: chunked('') };
    case 'chunked-and-length':
      return { headers: ['Transfer-Encoding: chunked', `Content-Length: ${n}`], payload: chunked('0\r\n\r\n') };
    case 'chunked-gzip':
      return { headers: ['Transfer-Encoding: gzip, chunked'], payload: chunked('0\r\n\r\n') };
    case 'identity':
      return { headers: ['Transfer-Encoding: identity'], payload: body };
  }
}

interface Body {
  label: string;
  bytes: Buffer;
}

const text = (value: string): Body => ({ label: short(value), bytes: Buffer.from(value) });

/** Bodies no endpoint accepts: the CMA must refuse them all, whatever the route. */
const brokenBody = fc.oneof(
  weighted(3, fc.constant(text(''))),
  weighted(
    4,
    fc
      .constantFrom(
        'not json',
        '{',
        '[1,2]',
        'null',
        '"string"',
        '1e400',
        '{"data":"\\ud800"}',
        '{"__proto__":{"polluted":true},"data":{}}',
        '{"data":{"type":"access_token","id":"x","attributes":{"name":42}}}',
        '{"data":{"type":"role","attributes":{"name":42}}}',
        '{"data":{"type":"nope"}}',
      )
      .map(text),
  ),
  weighted(
    2,
    fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((b) => ({ label: `${b.length} random bytes`, bytes: Buffer.from(b) })),
  ),
  weighted(
    1,
    fc.integer({ min: 1_000, max: 200_000 }).map((n) => ({
      label: `${n} nested arrays`,
      bytes: Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`),
    })),
  ),
  weighted(
    1,
    fc.integer({ min: 1_000, max: 50_000 }).map((n) => ({
      label: `${n} nested objects`,
      bytes: Buffer.from(`{"data":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
    })),
  ),
  weighted(
    1,
    fc.constant(null).map(() => ({ label: `${OVER_BODY_LIMIT} bytes`, bytes: Buffer.alloc(OVER_BODY_LIMIT, 'a') })),
  ),
);

const graphqlBody = fc.oneof(
  fc
    .constantFrom(
      { query: '{ _site { locales } }' },
      { query: '{ allArticles(first: 1e99) { id } }' },
      { query: '{' },
      { query: '{ __schema { types { name } } }' },
      { query: 'subscription { x }' },
      { query: '{ _site { locales } }', variables: [1], operationName: 5 },
      { query: 'query Q($x: Int) { allArticles(first: $x) { id } }', variables: { x: '1'.repeat(400) } },
    )
    .map((doc) => text(JSON.stringify(doc))),
  fc.integer({ min: 500, max: 50_000 }).map((n) => ({
    label: `a query ${n} levels deep`,
    bytes: Buffer.from(JSON.stringify({ query: `{${'_site{'.repeat(n)}locales${'}'.repeat(n + 1)}` })),
  })),
  fc.integer({ min: 500, max: 50_000 }).map((n) => ({
    label: `an argument of ${n} nested lists`,
    bytes: Buffer.from(JSON.stringify({ query: `{ allArticles(first: ${'['.repeat(n)}1${']'.repeat(n)}) { id } }` })),
  })),
  brokenBody,
);

interface Shape {
  method: string;
  target: string;
  version: string;
  headers: readonly (readonly string[])[];
  framing: Framing;
  body: Body;
  /** Bare LF instead of CRLF. */
  bareLf: boolean;
}

function assemble(api: HostileRequest['api'], shape: Shape): HostileRequest {
  const { headers, payload } = frame(shape.body.bytes, shape.framing);
  const eol = shape.bareLf ? '\n' : '\r\n';
  const lines = [`${shape.method} ${shape.target}${shape.version}`, ...shape.headers.flat(), ...headers];
  const head = Buffer.from(`${lines.join(eol)}${eol}${eol}`, 'latin1');
  const odd = shape.headers
    .flat()
    .filter((line) => !/^(Host|Authorization|Accept|X-Api-Version|Content-Type):/.test(line));
  const label = [
    `${api} ${short(shape.method)} ${short(shape.target)}${shape.version}`,
    odd.length > 0 ? `headers ${odd.length > 3 ? `${odd.length} odd` : short(odd.join(' | '))}` : '',
    `${shape.framing} body ${shape.body.label}`,
    shape.bareLf ? 'bare LF' : '',
  ];
  return {
    api,
    label: label.filter(Boolean).join(', '),
    bytes: Buffer.concat([head, payload]),
    methods: [shape.method],
  };
}

const bareLf = fc.oneof(weighted(39, fc.constant(false)), weighted(1, fc.constant(true)));

/** Mostly a method and a path the CMA routes, else any method on any path. */
const cmaRoute = fc.oneof(weighted(3, endpoint), weighted(2, fc.tuple(method, cmaPath)));

const cmaRequest = (secret: string) =>
  cmaRoute
    .chain(([verb, path]) =>
      fc.record({
        method: fc.constant(verb),
        target: target(fc.constant(path)),
        version,
        headers: fc.tuple(host, authorization(secret), protocolHeaders, contentType, oddHeaders),
        framing,
        body: brokenBody,
        bareLf,
      }),
    )
    .map((shape) => assemble('cma', shape));

const cdaRequest = (secret: string) =>
  fc
    .record({
      method: fc.oneof(weighted(6, fc.constant('POST')), weighted(1, method)),
      target: target(fc.oneof(weighted(6, fc.constant('/')), weighted(1, cmaPath))),
      version,
      headers: fc.tuple(host, authorization(secret), contentType, oddHeaders),
      framing,
      body: graphqlBody,
      bareLf,
    })
    .map((shape) => assemble('cda', shape));

/** A request cut anywhere, then random bytes: whatever the parser makes of it. */
const garbage = fc
  .tuple(
    fc.constantFrom<HostileRequest['api']>('cma', 'cda'),
    fc.nat(),
    fc.uint8Array({ minLength: 1, maxLength: 256 }),
  )
  .map(([api, cut, noise]): HostileRequest => {
    const start = 'PUT /access_tokens/%zz HTTP/1.1\r\nHost: mock.test\r\nContent-Type: application/json\r\n';
    const kept = start.slice(0, 1 + (cut % start.length));
    return {
      api,
      label: `${api} ${short(kept)} then ${noise.length} random bytes`,
      bytes: Buffer.concat([Buffer.from(kept), Buffer.from(noise)]),
      methods: [],
    };
  });

/** A good read, then a hostile request on the same connection: the read keeps its answer. */
const pipelined = (secret: string) =>
  fc.tuple(fc.constantFrom('GET', 'HEAD'), cmaRequest(secret)).map(([first, next]): HostileRequest => {
    const read = `${first} /site HTTP/1.1\r\nHost: mock.test\r\nAuthorization: Bearer ${secret}\r\nAccept: application/json\r\n\r\n`;
    return {
      api: 'cma',
      label: `${first} /site, then ${next.label}`,
      bytes: Buffer.concat([Buffer.from(read), next.bytes]),
      methods: [first, ...next.methods],
    };
  });

/** Every kind of hostile request; none changes the project (see the top of the file). */
export const hostileRequest = (adminSecret: string): fc.Arbitrary<HostileRequest> =>
  fc.oneof(
    weighted(6, cmaRequest(adminSecret)),
    weighted(2, cdaRequest(adminSecret)),
    weighted(1, garbage),
    weighted(1, pipelined(adminSecret)),
  );

/** Draws `count` requests from `seed`, a batch at a time (a few bodies are over a megabyte). */
export function* hostileRequests(adminSecret: string, seed: number, count: number): Generator<HostileRequest> {
  const BATCH = 50;
  for (let done = 0; done < count; done += BATCH) {
    yield* fc.sample(hostileRequest(adminSecret), { seed: seed + done, numRuns: Math.min(BATCH, count - done) });
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** An answer that has no body by its nature (to a HEAD, 1xx, 204, 304). */
  bodiless: boolean;
}

export interface Exchange {
  request: HostileRequest;
  responses: RawResponse[];
  /** Bytes after the last response that do not read as one. */
  rest: Buffer;
  /** A socket error, or the timeout. */
  error: string | undefined;
}

/** Writes the bytes, half-closes, and reads until the server closes (or the timeout). */
export function exchange(port: number, request: HostileRequest, timeoutMs = 5_000): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const timer = setTimeout(() => {
      error = `no close after ${timeoutMs} ms`;
      socket.destroy();
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (cause: Error) => (error ??= cause.message));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ request, ...parseResponses(Buffer.concat(chunks), request.methods), error });
    });
    socket.end(request.bytes);
  });
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** Reads HTTP/1.1 responses one after the other (the mock always sends Content-Length). */
export function parseResponses(data: Buffer, methods: readonly string[]): { responses: RawResponse[]; rest: Buffer } {
  const responses: RawResponse[] = [];
  let offset = 0;
  while (offset < data.length) {
    const headEnd = data.indexOf(HEAD_END, offset);
    if (headEnd < 0) break;
    const [statusLine = '', ...lines] = data.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3}) /.exec(statusLine)?.[1];
    if (status === undefined) break;
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const bodyStart = headEnd + HEAD_END.length;
    const finals = responses.filter((r) => r.status >= 200).length;
    // A HEAD's answer has no body, unless the parser refused the request before it read the method.
    const headAnswer = methods[finals] === 'HEAD' && data[bodyStart] !== '{'.charCodeAt(0);
    const bodiless = Number(status) < 200 || Number(status) === 204 || Number(status) === 304 || headAnswer;
    const length = bodiless ? 0 : Number(headers['content-length'] ?? data.length - bodyStart);
    responses.push({ status: Number(status), headers, body: data.subarray(bodyStart, bodyStart + length), bodiless });
    offset = bodyStart + length;
  }
  return { responses, rest: data.subarray(offset) };
}

/** Headers every answer of the mock carries (src/mock/wire.ts). */
const USUAL_HEADERS = ['content-type', 'x-api-version', 'x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining'];

/** What is wrong with one answer: it must be a DatoCMS error document, or a success document. */
function documentProblem(contract: Contract, api: HostileRequest['api'], response: RawResponse): string | undefined {
  const missing = USUAL_HEADERS.filter((name) => !(name in response.headers));
  if (missing.length > 0) return `lacks ${missing.join(', ')}`;
  if (response.body.length === 0) return response.bodiless ? undefined : 'has an empty body';
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return `is not JSON: ${short(response.body.toString('latin1'))}`;
  }
  if (response.status >= 400) {
    const { issues } = contract.validate(contract.schema('ApiErrorDocument'), body);
    return issues.length === 0 ? undefined : `is not a DatoCMS error document: ${issues[0]?.message}`;
  }
  if (response.status >= 300) return 'is a redirection';
  if (!isPlainObject(body)) return 'is not a JSON object';
  if (api === 'cda') {
    const errors = body.errors;
    const wellFormed = Array.isArray(errors) && errors.every((e) => isPlainObject(e) && typeof e.message === 'string');
    return 'data' in body || wellFormed ? undefined : 'is not a GraphQL response';
  }
  const resources = Array.isArray(body.data) || isPlainObject(body.data);
  return resources && errorCodes(body).length === 0 ? undefined : 'is not a JSON:API document';
}

export interface Finding {
  label: string;
  problem: string;
}

export interface HostileSummary {
  sent: number;
  /** Requests that got at least one final answer. */
  answered: number;
  /** How many final answers had each status. */
  statuses: Record<number, number>;
  serverErrors: Finding[];
  /** Answers that are not DatoCMS documents (or lack the usual headers), and bytes that are no answer. */
  notDocuments: Finding[];
  unanswered: Finding[];
  stateUnchanged: boolean;
  heapGrowthBytes: number;
}

export interface HostileOptions {
  seed: number;
  count: number;
  /** Requests in flight at once. */
  concurrency?: number;
}

/** Sends hostile requests to a running mock and checks every answer and the project afterwards. */
export async function sendHostileRequests(mock: RunningMock, options: HostileOptions): Promise<HostileSummary> {
  const contract = await loadContract();
  const ports = { cma: Number(new URL(mock.cmaUrl).port), cda: Number(new URL(mock.cdaUrl).port) };
  const summary: HostileSummary = {
    sent: 0,
    answered: 0,
    statuses: {},
    serverErrors: [],
    notDocuments: [],
    unanswered: [],
    stateUnchanged: false,
    heapGrowthBytes: 0,
  };
  const before = await projectState(mock);
  const heapBefore = heapUsed();
  const requests = hostileRequests(mock.adminSecret, options.seed, options.count);
  const worker = async () => {
    for (let next = requests.next(); !next.done; next = requests.next()) {
      const request = next.value;
      judge(contract, await exchange(ports[request.api], request), summary);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  summary.heapGrowthBytes = heapUsed() - heapBefore;
  summary.stateUnchanged = JSON.stringify(await projectState(mock)) === JSON.stringify(before);
  return summary;
}

function judge(contract: Contract, exchange: Exchange, summary: HostileSummary): void {
  const { request, responses, rest, error } = exchange;
  const finals = responses.filter((response) => response.status >= 200);
  summary.sent += 1;
  if (finals.length > 0) summary.answered += 1;
  else summary.unanswered.push({ label: request.label, problem: `no answer (${error ?? 'closed'})` });
  for (const response of finals) {
    summary.statuses[response.status] = (summary.statuses[response.status] ?? 0) + 1;
    if (response.status >= 500) summary.serverErrors.push({ label: request.label, problem: `${response.status}` });
    const problem = documentProblem(contract, request.api, response);
    if (problem) summary.notDocuments.push({ label: request.label, problem: `${response.status} ${problem}` });
  }
  if (rest.length > 0) {
    summary.notDocuments.push({
      label: request.label,
      problem: `bytes that are no answer: ${short(rest.toString('latin1'))}`,
    });
  }
}

/** Every token and role, as the admin reads them. */
async function projectState(mock: RunningMock): Promise<unknown> {
  const read = async (path: string) => {
    const response = await fetch(`${mock.cmaUrl}${path}`, {
      headers: { authorization: `Bearer ${mock.adminSecret}`, accept: 'application/json', 'x-api-version': '3' },
    });
    return JSON.parse(await response.text(), (key, value: unknown) =>
      // Every authenticated call moves its token's last-access buckets, refused or not.
      key === 'last_cma_access' || key === 'last_cda_access' ? undefined : value,
    ) as unknown;
  };
  return { tokens: await read('/access_tokens'), roles: await read('/roles') };
}

/** The heap in use, after a full collection when node runs with --expose-gc. */
function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}
