// A hostile server for tests: a real HTTP proxy on loopback in front of a real embedded mock. It
// passes every request through untouched until a test tells it to misbehave on some of them, so a
// test can show how the suite (or any client) copes with a server that stalls, trickles, lies,
// leaks or drops the answer after applying the request — faults the mock's catalogue cannot
// express, because they live in the HTTP exchange, not in the API's semantics.
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startMock, type MockOptions, type RunningMock } from '../../src/mock/index.ts';
import { errorDocUrl } from '../../src/spec/index.ts';
import { remoteTarget, type Target, type TargetOptions } from '../../src/target/index.ts';

export type HostileApi = 'cma' | 'cda';

/** Which requests a rule is about; every field left out matches anything. */
export interface Match {
  api?: HostileApi;
  /** Compared case-insensitively. */
  method?: string;
  /** The path without its query; a string must match exactly. */
  path?: string | RegExp;
  /**
   * The rule starts acting at the nth request that matches it, counted from 1 since `behave()`;
   * every matching request counts, even one an earlier rule took (then this rule acts on the next).
   */
  nth?: number;
  /** How many times the rule acts (default: once with `nth`, on every matching request without). */
  times?: number;
}

/** `forward`: send the request to the mock first (so it applies it), then throw its answer away. */
interface Forwardable {
  forward?: boolean;
}

export type Act =
  /** Accept the request and never answer, until `reset()` or `close()`. */
  | ({ kind: 'stall' } & Forwardable)
  /** The mock's answer, headers at once (with the full Content-Length), the body `bytesEvery` bytes every `everyMs`. */
  | { kind: 'trickle'; bytesEvery?: number; everyMs: number }
  /** The mock's answer, with every request header copied into `x-echo-<name>` and into `meta.echoed_headers`. */
  | { kind: 'echo-headers' }
  /** These bytes instead of the mock's answer (status 200 and a JSON content type unless given). */
  | ({ kind: 'garbage'; body: string | Buffer; status?: number; headers?: Record<string, string> } & Forwardable)
  /** 200, a JSON content type, and a valid JSON document of exactly `bytes` bytes (a long `meta.padding`). */
  | ({ kind: 'huge-body'; bytes: number } & Forwardable)
  /** 200, a JSON content type, and `[[[…]]]` nested `depth` deep. */
  | ({ kind: 'deep-body'; depth: number } & Forwardable)
  /** 429 with `X-RateLimit-Reset: resetSeconds` and a CMA error document; never forwarded. */
  | { kind: 'rate-limit'; resetSeconds: number }
  /** A raw `204 No Content` carrying a body and its Content-Length, then the connection is closed. */
  | ({ kind: 'no-content-with-body'; body?: string } & Forwardable)
  /** The mock's answer plus one `x-hostile-padding` header whose value is `bytes` long. */
  | { kind: 'huge-header'; bytes: number }
  /** Forward (the mock applies it), then destroy the client's socket without a byte of answer. */
  | { kind: 'apply-then-drop' }
  /** Forward (the mock creates it), then answer 201 with a body that is no document (`{"data":` by default). */
  | { kind: 'malformed-creation'; body?: string }
  /** The mock's answer with these headers set; `null` removes one. */
  | { kind: 'override-headers'; headers: Record<string, string | null> }
  /** The mock's answer, its Content-Type carrying the request's bearer secret (else the admin's) as a parameter. */
  | { kind: 'secret-in-content-type' };

export type ActKind = Act['kind'];

export interface Rule {
  match?: Match;
  act: Act;
}

export interface RuleHandle {
  /** How many requests this rule has acted on so far. */
  readonly applied: number;
  /** Stops the rule acting on later requests (requests it is acting on carry on). */
  remove(): void;
}

/** A request as it reached the hostile server. */
export interface SeenRequest {
  seq: number;
  api: HostileApi;
  method: string;
  /** Without the query. */
  path: string;
  /** The request target as sent, query included. */
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The act it got, or 'pass'. */
  act: ActKind | 'pass';
  /** Whether it was sent on to the mock (which may then have applied it). */
  forwarded: boolean;
}

export interface HostileServer {
  cmaUrl: string;
  cdaUrl: string;
  adminSecret: string;
  /** The mock behind it: its own URLs reach it without the hostile server seeing (or counting) the request. */
  mock: RunningMock;
  /** Rules are tried in the order they were given; the first that takes a request acts on it. */
  behave(rule: Rule): RuleHandle;
  /** Forgets every rule and the log, and drops the connections still held by a stall or a trickle. */
  reset(): void;
  /** Every request since the start or the last `reset()` (`seq` from 1), in order of arrival (once its body was read). */
  readonly requests: readonly SeenRequest[];
  /** How many logged requests match (`nth` and `times` are ignored). */
  count(filter?: Match): number;
  /** Logged requests per `"<api> <METHOD> <path>"`, e.g. `{ "cma PUT /access_tokens/12": 1 }`. */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

export interface HostileOptions {
  mock?: MockOptions;
}

const JSON_TYPE = 'application/json; charset=utf-8';
// Connection-level headers describe one hop, so a proxy must not pass them on (RFC 9110 §7.6.1);
// Host and Content-Length are written anew for the next hop (the body was read in full).
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'host',
]);
// Acts that reach the mock whatever their options say.
const ALWAYS_FORWARDED = new Set<ActKind>([
  'trickle',
  'echo-headers',
  'huge-header',
  'apply-then-drop',
  'malformed-creation',
  'override-headers',
  'secret-in-content-type',
]);
const PADDED_PREFIX = '{"data":[],"meta":{"padding":"';
const PADDED_SUFFIX = '"}}';

interface Upstream {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

interface ActiveRule {
  match: Match;
  act: Act;
  seen: number;
  applied: number;
  removed: boolean;
}

/** Starts a mock and a hostile server in front of it, both on loopback ports of their own. */
export async function startHostileServer(options: HostileOptions = {}): Promise<HostileServer> {
  const mock = await startMock(options.mock);
  // Keep-alive upstream: forwarding should cost little next to what the test measures.
  const agent = new Agent({ keepAlive: true });
  let rules: ActiveRule[] = [];
  let log: SeenRequest[] = [];
  let seq = 0;
  let closed = false;
  // Connections a stall or a trickle holds open, and the trickles' timers: reset() and close() end them.
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();

  function choose(request: SeenRequest): Act | undefined {
    let chosen: ActiveRule | undefined;
    // Every rule counts every request it matches, so that `nth` means the nth such request to
    // arrive, whichever rule took the earlier ones; `times` counts what the rule itself did.
    for (const rule of rules) {
      if (rule.removed || !matches(rule.match, request)) continue;
      rule.seen += 1;
      const times = rule.match.times ?? (rule.match.nth === undefined ? Infinity : 1);
      if (!chosen && rule.seen >= (rule.match.nth ?? 1) && rule.applied < times) chosen = rule;
    }
    if (chosen) chosen.applied += 1;
    return chosen?.act;
  }

  async function handle(api: HostileApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const url = req.url ?? '/';
    const request: SeenRequest = {
      seq: ++seq,
      api,
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.split('?')[0] ?? url,
      url,
      headers: flatHeaders(req.headers),
      body: body.toString('utf8'),
      act: 'pass',
      forwarded: true,
    };
    const act = choose(request);
    if (act) {
      request.act = act.kind;
      request.forwarded = ALWAYS_FORWARDED.has(act.kind) || ('forward' in act && act.forward === true);
    }
    log.push(request);
    const upstream = request.forwarded
      ? await forward(agent, api === 'cma' ? mock.cmaUrl : mock.cdaUrl, req, body)
      : undefined;
    // The client gave up (or reset() dropped it) while the mock was answering.
    if (res.destroyed) return;
    perform(act, upstream, req, res, request);
  }

  function perform(
    act: Act | undefined,
    upstream: Upstream | undefined,
    req: IncomingMessage,
    res: ServerResponse,
    request: SeenRequest,
  ): void {
    const answer = (): Upstream => {
      if (!upstream) throw new Error(`hostile server: ${act?.kind ?? 'pass'} needs the mock's answer`);
      return upstream;
    };
    if (!act) return send(res, answer());
    switch (act.kind) {
      case 'stall':
        hold(res);
        return;
      case 'trickle':
        return trickle(res, answer(), act.bytesEvery ?? 1, act.everyMs);
      case 'echo-headers':
        return send(res, echoed(answer(), request.headers));
      case 'garbage':
        return send(res, {
          status: act.status ?? 200,
          headers: { 'content-type': JSON_TYPE, ...act.headers },
          body: Buffer.from(act.body),
        });
      case 'huge-body':
        return send(res, jsonAnswer(200, padded(act.bytes)));
      case 'deep-body':
        return send(res, jsonAnswer(200, '['.repeat(act.depth) + ']'.repeat(act.depth)));
      case 'rate-limit':
        return send(res, rateLimited(act.resetSeconds));
      case 'no-content-with-body':
        return rawNoContent(req.socket, act.body ?? '{"data":{"type":"access_token","id":"0"}}');
      case 'huge-header':
        return send(res, withHeaders(answer(), { 'x-hostile-padding': 'a'.repeat(act.bytes) }));
      case 'apply-then-drop':
        req.socket.destroy();
        return;
      case 'malformed-creation':
        return send(res, { status: 201, headers: answer().headers, body: Buffer.from(act.body ?? '{"data":') });
      case 'override-headers':
        return send(res, withHeaders(answer(), act.headers));
      case 'secret-in-content-type': {
        const secret = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? mock.adminSecret;
        const type = headerText(answer().headers['content-type']) ?? JSON_TYPE;
        return send(res, withHeaders(answer(), { 'content-type': `${type}; secret=${secret}` }));
      }
    }
  }

  function hold(res: ServerResponse): void {
    held.add(res);
    // 'close' comes once the answer is complete or the connection is gone, whichever is first.
    res.once('close', () => held.delete(res));
  }

  function trickle(res: ServerResponse, answer: Upstream, bytesEvery: number, everyMs: number): void {
    hold(res);
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
    res.flushHeaders();
    let sent = 0;
    const tick = () => {
      if (res.destroyed) return stop();
      const chunk = answer.body.subarray(sent, sent + bytesEvery);
      sent += chunk.length;
      if (sent >= answer.body.length) {
        stop();
        res.end(chunk);
      } else res.write(chunk);
    };
    const timer = setInterval(tick, everyMs);
    timers.add(timer);
    const stop = () => {
      clearInterval(timer);
      timers.delete(timer);
    };
    res.once('close', stop);
    // The first bytes go with the headers: a client sees the answer start at once, then starve.
    tick();
  }

  const listen = async (api: HostileApi): Promise<{ server: Server; url: string }> => {
    const server = createServer((req, res) => {
      handle(api, req, res).catch((error: unknown) => {
        // The mock went away (close() in progress) or the client did: answer if anyone still listens.
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(502, { 'content-type': 'text/plain' }).end(`hostile server: ${String(error)}`);
        }
      });
    });
    // Longer than any client keeps an idle connection: a server closing one as the client reuses it
    // would show a dropped connection that no rule asked for.
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  };

  let cma: { server: Server; url: string };
  let cda: { server: Server; url: string };
  try {
    cma = await listen('cma');
    cda = await listen('cda');
  } catch (error) {
    await mock.close();
    throw error;
  }

  const dropHeld = () => {
    for (const timer of timers) clearInterval(timer);
    timers.clear();
    for (const res of held) res.destroy();
    held.clear();
  };

  return {
    cmaUrl: cma.url,
    cdaUrl: cda.url,
    adminSecret: mock.adminSecret,
    mock,
    behave(rule) {
      validate(rule);
      const active: ActiveRule = { match: rule.match ?? {}, act: rule.act, seen: 0, applied: 0, removed: false };
      rules.push(active);
      return {
        get applied() {
          return active.applied;
        },
        remove: () => {
          active.removed = true;
        },
      };
    },
    reset() {
      for (const rule of rules) rule.removed = true;
      rules = [];
      log = [];
      seq = 0;
      dropHeld();
    },
    get requests() {
      return log;
    },
    count: (filter = {}) => log.filter((request) => matches(filter, request)).length,
    counts() {
      const counts: Record<string, number> = {};
      for (const { api, method, path } of log) {
        const key = `${api} ${method} ${path}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
    async close() {
      if (closed) return;
      closed = true;
      dropHeld();
      await Promise.all(
        [cma.server, cda.server].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
      agent.destroy();
      await mock.close();
    },
  };
}

/**
 * A Target that talks to the mock through the hostile server, as the suite talks to any project.
 * The hostile server stays the caller's: closing the target does not close it.
 */
export function hostileTarget(hostile: HostileServer, options: TargetOptions = {}): Promise<Target> {
  return remoteTarget(
    { cmaUrl: hostile.cmaUrl, cdaUrl: hostile.cdaUrl, token: hostile.adminSecret, environment: undefined },
    // A mock is behind it: factory tokens may be written to, as on the embedded target.
    { kind: 'mock', label: 'hostile server in front of the embedded mock', disposable: true, ...options },
  );
}

function matches(match: Match, request: SeenRequest): boolean {
  if (match.api !== undefined && match.api !== request.api) return false;
  if (match.method !== undefined && match.method.toUpperCase() !== request.method) return false;
  if (match.path === undefined) return true;
  if (typeof match.path === 'string') return match.path === request.path;
  // A /g or /y pattern remembers where it last matched; every request must be tested afresh.
  match.path.lastIndex = 0;
  return match.path.test(request.path);
}

// Mistakes in a rule surface where the test wrote it, not as a confusing answer later.
function validate({ match = {}, act }: Rule): void {
  const positive = (name: string, value: number | undefined, min = 1) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= min))
      throw new RangeError(`hostile server: ${name} must be an integer ≥ ${min}, not ${value}`);
  };
  positive('match.nth', match.nth);
  positive('match.times', match.times);
  if (act.kind === 'trickle') {
    positive('bytesEvery', act.bytesEvery);
    positive('everyMs', act.everyMs);
  }
  if (act.kind === 'huge-body') positive('bytes', act.bytes, PADDED_PREFIX.length + PADDED_SUFFIX.length);
  if (act.kind === 'deep-body') positive('depth', act.depth);
  if (act.kind === 'huge-header') positive('bytes', act.bytes);
  if (act.kind === 'rate-limit') positive('resetSeconds', act.resetSeconds, 0);
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function forward(agent: Agent, base: string, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  const origin = new URL(base);
  const headers: OutgoingHttpHeaders = endToEnd(req.headers);
  // The body was read in full, so its length is known whatever framing the client used.
  if (body.length > 0 || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined)
    headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      { agent, host: origin.hostname, port: origin.port, method: req.method, path: req.url, headers },
      (answer) => {
        readAll(answer)
          .then((text) => resolve({ status: answer.statusCode ?? 502, headers: endToEnd(answer.headers), body: text }))
          .catch(reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !NOT_FORWARDED.has(name)) kept[name] = value;
  return kept;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

function headerText(value: OutgoingHttpHeaders[string]): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

// The mock's own Content-Length was dropped on the way in, so one present here is a rule's lie: kept.
function send(res: ServerResponse, answer: Upstream): void {
  res.writeHead(answer.status, { 'content-length': String(answer.body.length), ...answer.headers });
  res.end(answer.body);
}

function withHeaders(answer: Upstream, changes: Record<string, string | null>): Upstream {
  const lower = new Map(Object.entries(changes).map(([name, value]) => [name.toLowerCase(), value]));
  const headers: OutgoingHttpHeaders = Object.fromEntries(
    Object.entries(answer.headers).filter(([name]) => !lower.has(name)),
  );
  for (const [name, value] of lower) if (value !== null) headers[name] = value;
  return { ...answer, headers };
}

const jsonAnswer = (status: number, text: string, headers: OutgoingHttpHeaders = {}): Upstream => ({
  status,
  headers: { 'content-type': JSON_TYPE, ...headers },
  body: Buffer.from(text),
});

function padded(bytes: number): string {
  return PADDED_PREFIX + 'a'.repeat(bytes - PADDED_PREFIX.length - PADDED_SUFFIX.length) + PADDED_SUFFIX;
}

function rateLimited(resetSeconds: number): Upstream {
  const body = {
    data: [
      {
        id: 'hostile',
        type: 'api_error',
        attributes: { code: 'RATE_LIMIT_EXCEEDED', details: {}, doc_url: errorDocUrl('RATE_LIMIT_EXCEEDED') },
      },
    ],
  };
  return jsonAnswer(429, JSON.stringify(body), {
    'x-ratelimit-limit': '60',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(resetSeconds),
  });
}

/** The mock's answer with the request's headers in it: where a leak check must look. */
function echoed(answer: Upstream, headers: Record<string, string>): Upstream {
  const echo = Object.fromEntries(Object.entries(headers).map(([name, value]) => [`x-echo-${name}`, value]));
  let body = answer.body;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const document = parsed as Record<string, unknown>;
      const meta = document.meta !== null && typeof document.meta === 'object' ? document.meta : {};
      body = Buffer.from(JSON.stringify({ ...document, meta: { ...meta, echoed_headers: headers } }));
    }
  } catch {
    // Not JSON (an empty 204, say): the headers alone carry the echo.
  }
  return withHeaders({ ...answer, body }, echo);
}

// node:http will not write a body after a 204, so the answer is written on the socket itself; the
// connection is then closed, because the bytes after the headers leave it in no usable state.
function rawNoContent(socket: Socket, body: string): void {
  const bytes = Buffer.from(body);
  socket.end(
    Buffer.concat([
      Buffer.from(
        'HTTP/1.1 204 No Content\r\n' +
          `Content-Type: ${JSON_TYPE}\r\n` +
          `Content-Length: ${bytes.length}\r\n` +
          'Connection: close\r\n\r\n',
      ),
      bytes,
    ]),
  );
}
