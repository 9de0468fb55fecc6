// A Pact Broker test double: the HAL surface the real pact-broker-cli and pact_verifier use, in memory.
// Shapes and routes follow the requests the real clients were recorded sending (pact-broker-cli 0.8.8 and
// pact_verifier 1.4.8) and pact_broker's lib/pact_broker/api.rb. This file is the server (auth, routing, request log); the resources live
// in pacts.ts, for-verification.ts, pacticipants.ts and matrix.ts, the state in store.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matrix } from './matrix.ts';
import { pactsForVerification } from './for-verification.ts';
import { getPact, getVerification, publishContracts, publishVerification } from './pacts.ts';
import { publishProviderContract } from './provider-contracts.ts';
import {
  createEnvironment,
  getEnvironment,
  getPacticipant,
  getVersion,
  listEnvironments,
  putBranch,
  putTag,
  recordDeployment,
} from './pacticipants.ts';
import {
  HttpError,
  Store,
  badRequest,
  notFound,
  parseQuery,
  type AuthKind,
  type Deployment,
  type Environment,
  type LoggedRequest,
  type ProviderContract,
  type PublishedPact,
  type ReceivedVerification,
  type Reply,
  type RouteHandler,
  type VersionLabelPut,
} from './store.ts';

export type {
  AuthKind,
  Deployment,
  Environment,
  Json,
  JsonObject,
  LoggedRequest,
  ProviderContract,
  PublishedPact,
  ReceivedVerification,
  VersionLabelPut,
} from './store.ts';

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
  readonly deployments: ReadonlyArray<Readonly<Deployment>>;
  /** The PUTs to `pb:branch-version` and `pb:version-tag`, in order. */
  readonly versionLabels: ReadonlyArray<Readonly<VersionLabelPut>>;
  /** PactFlow's bi-directional publications (pf:publish-provider-contract). */
  readonly providerContracts: ReadonlyArray<Readonly<ProviderContract>>;
  readonly requests: ReadonlyArray<Readonly<LoggedRequest>>;
}

const PACT = '/pacts/provider/:provider/consumer/:consumer';
const PACTICIPANT = '/pacticipants/:pacticipant';

// The real broker's paths (lib/pact_broker/api.rb), as far as the double implements them.
const ROUTES: [string, string, RouteHandler][] = [
  ['GET', '/', index],
  ['POST', '/contracts/publish', publishContracts],
  ['GET', '/pacts/provider/:provider/for-verification', pactsForVerification],
  ['POST', '/pacts/provider/:provider/for-verification', pactsForVerification],
  ['GET', `${PACT}/version/:version`, getPact],
  ['GET', `${PACT}/pact-version/:sha`, getPact],
  ['GET', `${PACT}/pact-version/:sha/metadata/:metadata`, getPact],
  ['POST', `${PACT}/pact-version/:sha/verification-results`, publishVerification],
  ['POST', `${PACT}/pact-version/:sha/metadata/:metadata/verification-results`, publishVerification],
  ['GET', `${PACT}/pact-version/:sha/verification-results/:id`, getVerification],
  ['GET', PACTICIPANT, getPacticipant],
  ['GET', `${PACTICIPANT}/versions/:version`, getVersion],
  ['PUT', `${PACTICIPANT}/branches/:branch/versions/:version`, putBranch],
  ['PUT', `${PACTICIPANT}/versions/:version/tags/:tag`, putTag],
  ['POST', `${PACTICIPANT}/versions/:version/deployed-versions/environment/:uuid`, recordDeployment],
  ['GET', '/environments', listEnvironments],
  ['POST', '/environments', createEnvironment],
  ['GET', '/environments/:uuid', getEnvironment],
  ['GET', '/matrix', matrix],
  // PactFlow's, not the open-source broker's: bi-directional contract testing.
  ['POST', '/provider-contracts/provider/:provider/publish', publishProviderContract],
];

function index(s: Store): Reply {
  const b = s.base;
  const link = (href: string, title: string) => ({ href, title, templated: href.includes('{') });
  return {
    status: 200,
    body: {
      _links: {
        self: link(b, 'Index'),
        'pb:publish-contracts': link(`${b}/contracts/publish`, 'Publish contracts'),
        'pb:provider-pacts-for-verification': link(
          `${b}/pacts/provider/{provider}/for-verification`,
          'Pact versions to be verified for the specified provider',
        ),
        'pb:pacticipant': link(`${b}/pacticipants/{pacticipant}`, 'Fetch pacticipant by name'),
        'pb:pacticipant-version': link(
          `${b}/pacticipants/{pacticipant}/versions/{version}`,
          'Get, create or delete a pacticipant version',
        ),
        'pb:environments': link(`${b}/environments`, 'Environments'),
        'pb:environment': link(`${b}/environments/{uuid}`, 'Environment'),
        'pf:publish-provider-contract': link(
          `${b}/provider-contracts/provider/{provider}/publish`,
          'Publish a provider contract',
        ),
      },
    },
  };
}

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

function route(
  method: string,
  segments: string[],
): { handler: RouteHandler; params: Map<string, string> } | 'wrong-method' | undefined {
  let pathMatched = false;
  for (const [m, pattern, handler] of ROUTES) {
    const parts = pattern.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params = new Map<string, string>();
    const matches = parts.every((part, i) => {
      if (!part.startsWith(':')) return part === segments[i];
      params.set(part.slice(1), segments[i]!);
      return true;
    });
    if (!matches) continue;
    if (m === method) return { handler, params };
    pathMatched = true;
  }
  return pathMatched ? 'wrong-method' : undefined;
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
  const headers: Record<string, string> = { 'Content-Type': 'application/hal+json' };
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
    let query: [string, string][];
    try {
      segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
      query = parseQuery(at < 0 ? '' : url.slice(at + 1));
    } catch {
      throw badRequest(`malformed percent-encoding in ${url}`);
    }
    const found = route(method, segments);
    if (found === 'wrong-method') throw new HttpError(405, { error: `${method} is not allowed on ${pathname}` });
    if (!found) throw notFound(`The resource ${pathname}`);
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
      query,
      href: s.base + pathname,
    });
  } catch (error) {
    reply =
      error instanceof HttpError
        ? { status: error.status, body: error.body }
        : { status: 500, body: { error: String(error) } };
  }
  entry.status = reply.status;
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
    versionLabels: s.versionLabels,
    providerContracts: s.providerContracts,
    requests: s.requests,
  };
}
