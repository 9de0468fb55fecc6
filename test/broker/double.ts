// A Pact Broker test double: the part of the HAL API our scripts and tests use, in memory, as pact_broker
// behaves (each resource file names the broker code it follows). Everything else is refused with a 400 the real
// clients print and fail on (store.ts#notModelled; only `pact-broker create-version-tag` exits 0 whatever it is
// answered): no route, relation, query or parameter the double does not model answers 2xx. This file is the server (auth, routing, request log); the state lives in store.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createEnvironment,
  getEnvironment,
  listEnvironments,
  recordDeployment,
  recordRelease,
} from './environments.ts';
import { pactsForVerification } from './for-verification.ts';
import { index } from './index-relations.ts';
import { getPact, publishContracts, publishVerification } from './pacts.ts';
import { getPacticipant, getVersion, putBranch } from './pacticipants.ts';
import { publishProviderContract } from './provider-contracts.ts';
import {
  HttpError,
  Store,
  badRequest,
  notModelled,
  type AuthKind,
  type BranchPut,
  type Deployment,
  type Environment,
  type LoggedRequest,
  type ProviderContract,
  type PublishedPact,
  type ReceivedVerification,
  type Reply,
  type RouteHandler,
} from './store.ts';

export type {
  AuthKind,
  BranchPut,
  Deployment,
  Environment,
  Json,
  JsonObject,
  LoggedRequest,
  ProviderContract,
  PublishedPact,
  ReceivedVerification,
} from './store.ts';
export { NOT_MODELLED } from './store.ts';

export interface BrokerDoubleOptions {
  /** Require `Authorization: Bearer <token>`. */
  token?: string;
  /** Require HTTP Basic auth (accepted alongside the token when both are given). */
  username?: string;
  password?: string;
}

/** A running double. The arrays are live, read-only views for assertions. */
export interface BrokerDouble {
  readonly url: string;
  close(): Promise<void>;
  readonly pacts: ReadonlyArray<Readonly<PublishedPact>>;
  readonly verifications: ReadonlyArray<Readonly<ReceivedVerification>>;
  readonly environments: ReadonlyArray<Readonly<Environment>>;
  /** Recorded deployments and releases. */
  readonly deployments: ReadonlyArray<Readonly<Deployment>>;
  /** The PUTs to `pb:branch-version`, in order. */
  readonly branchPuts: ReadonlyArray<Readonly<BranchPut>>;
  /** PactFlow's bi-directional publications (pf:publish-provider-contract). */
  readonly providerContracts: ReadonlyArray<Readonly<ProviderContract>>;
  readonly requests: ReadonlyArray<Readonly<LoggedRequest>>;
}

// The real broker's content type for every HAL answer, errors included (lib/pact_broker/api/resources/
// error_response_generator.rb; webmachine adds the charset of base_resource.rb#charsets_provided).
export const HAL_CONTENT_TYPE = 'application/hal+json;charset=utf-8';

const PACT = '/pacts/provider/:provider/consumer/:consumer';
const VERSION = '/pacticipants/:pacticipant/versions/:version';

// The real broker's paths (lib/pact_broker/api.rb) that the double models, with the methods it models.
const ROUTES: [string, string, RouteHandler][] = [
  ['GET', '/', index],
  ['POST', '/contracts/publish', publishContracts],
  ['GET', '/pacts/provider/:provider/for-verification', pactsForVerification],
  ['POST', '/pacts/provider/:provider/for-verification', pactsForVerification],
  ['GET', `${PACT}/version/:version`, getPact],
  ['GET', `${PACT}/pact-version/:sha/metadata/:metadata`, getPact],
  ['POST', `${PACT}/pact-version/:sha/metadata/:metadata/verification-results`, publishVerification],
  ['GET', '/pacticipants/:pacticipant', getPacticipant],
  ['GET', VERSION, getVersion],
  ['PUT', '/pacticipants/:pacticipant/branches/:branch/versions/:version', putBranch],
  ['POST', `${VERSION}/deployed-versions/environment/:uuid`, recordDeployment],
  ['POST', `${VERSION}/released-versions/environment/:uuid`, recordRelease],
  ['GET', '/environments', listEnvironments],
  ['POST', '/environments', createEnvironment],
  ['GET', '/environments/:uuid', getEnvironment],
  // PactFlow's, not the open-source broker's: bi-directional contract testing.
  ['POST', '/provider-contracts/provider/:provider/publish', publishProviderContract],
];

// ------------------------------------------------------------------------------------------------ the server

function authKind(header: string | undefined): AuthKind {
  const scheme = header?.split(' ')[0]?.toLowerCase();
  if (scheme === undefined || scheme === '') return 'none';
  return scheme === 'bearer' || scheme === 'basic' ? scheme : 'other';
}

function authorized(header: string | undefined, o: BrokerDoubleOptions): boolean {
  if (o.token === undefined && o.username === undefined) return true;
  const [, scheme = '', credential = ''] = /^(\S+)\s+(.*)$/.exec(header ?? '') ?? [];
  if (o.token !== undefined && scheme.toLowerCase() === 'bearer' && credential === o.token) return true;
  const basic = Buffer.from(credential, 'base64').toString('utf8');
  return o.username !== undefined && scheme.toLowerCase() === 'basic' && basic === `${o.username}:${o.password ?? ''}`;
}

function route(method: string, segments: string[]): { handler: RouteHandler; params: Map<string, string> } | undefined {
  for (const [m, pattern, handler] of ROUTES) {
    const parts = pattern.split('/').filter(Boolean);
    if (m !== method || parts.length !== segments.length) continue;
    const params = new Map<string, string>();
    const matches = parts.every((part, i) => {
      if (!part.startsWith(':')) return part === segments[i];
      params.set(part.slice(1), segments[i]!);
      return true;
    });
    if (matches) return { handler, params };
  }
  return undefined;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('the body is not valid JSON');
  }
}

async function handle(s: Store, o: BrokerDoubleOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const entry: LoggedRequest = { method, path: url, auth: authKind(req.headers.authorization), status: 0 };
  s.requests.push(entry);
  const headers: Record<string, string> = { 'Content-Type': HAL_CONTENT_TYPE };
  let reply: Reply;
  try {
    const body = await readJson(req);
    if (!authorized(req.headers.authorization, o)) {
      headers['WWW-Authenticate'] = o.token !== undefined ? 'Bearer' : 'Basic realm="Pact Broker"';
      throw new HttpError(401, { error: 'Authentication required' });
    }
    const at = url.indexOf('?');
    const pathname = at < 0 ? url : url.slice(0, at);
    // decodeURIComponent, never form decoding: '+' in a version number stays '+'.
    let segments: string[];
    try {
      segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      throw badRequest(`malformed percent-encoding in ${url}`);
    }
    const found = route(method, segments);
    if (!found) throw notModelled(`${method} ${pathname}`);
    // No resource the double models reads a query (filters, the GET form of pacts-for-verification…).
    if (at >= 0) throw notModelled(`the query of ${method} ${pathname}`);
    const param = (name: string) => {
      const value = found.params.get(name);
      if (value === undefined) throw new Error(`route has no :${name}`);
      return value;
    };
    reply = found.handler(s, {
      method,
      params: found.params,
      param,
      body,
      href: s.base + pathname,
    });
  } catch (error) {
    reply =
      error instanceof HttpError
        ? { status: error.status, body: error.body, contentType: error.contentType }
        : { status: 500, body: { error: String(error) } };
  }
  entry.status = reply.status;
  if (reply.contentType) headers['Content-Type'] = reply.contentType;
  res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
}

export async function startBrokerDouble(options: BrokerDoubleOptions = {}): Promise<BrokerDouble> {
  let store: Store | undefined;
  const server = createServer((req, res) => void handle(store!, options, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const s = (store = new Store(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  return {
    url: s.base,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // keep-alive clients would otherwise hold close() open
      }),
    pacts: s.pacts,
    verifications: s.verifications,
    environments: s.environments,
    deployments: s.deployments,
    branchPuts: s.branchPuts,
    providerContracts: s.providerContracts,
    requests: s.requests,
  };
}
