// In-memory state of the broker double, the records tests can read, and small JSON/HAL helpers.
import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One pact publication: a consumer version's contract with one provider. */
export interface PublishedPact {
  consumer: string;
  provider: string;
  consumerVersion: string;
  branch: string | undefined;
  tags: string[];
  /** The decoded pact JSON exactly as it was published. */
  content: JsonObject;
  /** The pact-version sha: SHA-1, see pactVersionSha. */
  sha: string;
  publishedAt: string;
}

export interface ReceivedVerification {
  id: number;
  consumer: string;
  provider: string;
  pactVersionSha: string;
  /** The consumer versions named by the pact URL's metadata (else every version with this content). */
  consumerVersions: string[];
  providerVersion: string;
  success: boolean;
  /** The full POSTed JSON. */
  body: JsonObject;
  receivedAt: string;
}

export interface Environment {
  uuid: string;
  name: string;
  displayName: string;
  production: boolean;
  createdAt: string;
}

export interface Deployment {
  uuid: string;
  pacticipant: string;
  version: string;
  environment: string;
  applicationInstance: string | undefined;
  /** Turns false when another version is deployed to the same environment (and application instance). */
  currentlyDeployed: boolean;
  body: JsonObject;
  createdAt: string;
}

/** A provider contract published to PactFlow (bi-directional contract testing). */
export interface ProviderContract {
  provider: string;
  providerVersion: string;
  branch: string | undefined;
  tags: string[];
  buildUrl: string | undefined;
  /** The decoded contract, as published. */
  content: string;
  contentType: string;
  specification: 'oas';
  /** selfVerificationResults, with `content` decoded. */
  verification:
    | {
        success: boolean;
        content: string | undefined;
        contentType: string | undefined;
        format: string | undefined;
        verifier: string | undefined;
        verifierVersion: string | undefined;
      }
    | undefined;
  publishedAt: string;
}

/** A PUT to `pb:branch-version` or `pb:version-tag`. */
export interface VersionLabelPut {
  kind: 'branch' | 'tag';
  pacticipant: string;
  version: string;
  name: string;
}

export type AuthKind = 'none' | 'bearer' | 'basic' | 'other';

export interface LoggedRequest {
  method: string;
  /** As received: still percent-encoded, with the query string. */
  path: string;
  auth: AuthKind;
  /** 0 until answered. */
  status: number;
}

export interface PacticipantVersion {
  pacticipant: string;
  number: string;
  branches: string[];
  tags: string[];
  /** Creation order: "latest" means highest order, as in the real broker (not semver). */
  order: number;
  createdAt: string;
}

export interface Pacticipant {
  name: string;
  mainBranch: string | undefined;
  createdAt: string;
}

export interface Reply {
  status: number;
  body: JsonObject;
}

/** What a route handler gets. */
export interface RouteRequest {
  method: string;
  /** The decoded path parameters. */
  params: ReadonlyMap<string, string>;
  /** A path parameter the route always has. */
  param(name: string): string;
  body: unknown;
  query: [string, string][];
  /** The absolute URL of this resource (for `self` links). */
  href: string;
}

export type RouteHandler = (s: Store, r: RouteRequest) => Reply;

/** Thrown by handlers; the server turns it into a reply. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
  ) {
    super(JSON.stringify(body));
  }
}

export const notFound = (what: string) => new HttpError(404, { error: `${what} was not found` });
export const badRequest = (...errors: string[]) => new HttpError(400, { errors });

// The real broker's auto_detect_main_branch default candidates.
const MAIN_BRANCH_CANDIDATES = ['develop', 'main', 'master'];

export class Store {
  readonly pacticipants = new Map<string, Pacticipant>();
  readonly versions: PacticipantVersion[] = [];
  readonly pacts: PublishedPact[] = [];
  readonly verifications: ReceivedVerification[] = [];
  readonly environments: Environment[] = [];
  readonly deployments: Deployment[] = [];
  readonly versionLabels: VersionLabelPut[] = [];
  readonly providerContracts: ProviderContract[] = [];
  readonly requests: LoggedRequest[] = [];

  constructor(readonly base: string) {}

  pacticipant(name: string): Pacticipant {
    let p = this.pacticipants.get(name);
    if (!p) this.pacticipants.set(name, (p = { name, mainBranch: undefined, createdAt: now() }));
    return p;
  }

  findVersion(pacticipant: string, number: string): PacticipantVersion | undefined {
    return this.versions.find((v) => v.pacticipant === pacticipant && v.number === number);
  }

  version(pacticipant: string, number: string): PacticipantVersion {
    this.pacticipant(pacticipant);
    let v = this.findVersion(pacticipant, number);
    if (!v) {
      v = { pacticipant, number, branches: [], tags: [], order: this.versions.length, createdAt: now() };
      this.versions.push(v);
    }
    return v;
  }

  /** Returns false when the version was already on the branch. */
  addBranch(v: PacticipantVersion, branch: string): boolean {
    const p = this.pacticipant(v.pacticipant);
    if (p.mainBranch === undefined && MAIN_BRANCH_CANDIDATES.includes(branch)) p.mainBranch = branch;
    if (v.branches.includes(branch)) return false;
    v.branches.push(branch);
    return true;
  }

  addTag(v: PacticipantVersion, tag: string): boolean {
    if (v.tags.includes(tag)) return false;
    v.tags.push(tag);
    return true;
  }

  environmentNamed(name: string): Environment | undefined {
    return this.environments.find((e) => e.name === name);
  }

  isCurrentlyDeployed(pacticipant: string, version: string, environment?: string): boolean {
    return this.deployments.some(
      (d) =>
        d.currentlyDeployed &&
        d.pacticipant === pacticipant &&
        d.version === version &&
        (environment === undefined || d.environment === environment),
    );
  }
}

export const now = () => new Date().toISOString();
export const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
/** A path segment; the reader decodes with decodeURIComponent, so '+' survives as '%2B'. */
export const seg = encodeURIComponent;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Object keys sorted, recursively: a canonical form for hashing. */
export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys(value[k]!)]),
  );
}

/**
 * SHA-1 of what affects verification (pact_broker GenerateSha with its default
 * base_equality_only_on_content_that_affects_verification_results): the interactions/messages, keys sorted and
 * their order ignored, plus the spec version. So metadata such as the pact-js version never causes a conflict.
 */
export function pactVersionSha(content: JsonObject): string {
  const sorted = (list: Json | undefined) =>
    Array.isArray(list) ? list.map(sortKeys).sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b))) : list;
  const relevant: JsonObject = {};
  if (content.interactions !== undefined) relevant.interactions = sorted(content.interactions)!;
  if (content.messages !== undefined) relevant.messages = sorted(content.messages)!;
  if (relevant.interactions === undefined && relevant.messages === undefined)
    return sha1(JSON.stringify(sortKeys(content)));
  const metadata = isObject(content.metadata) ? content.metadata : {};
  const spec = [metadata.pactSpecification, metadata['pact-specification']].find(isObject)?.version;
  if (spec !== undefined) relevant.pact_specification_version = spec;
  return sha1(JSON.stringify(relevant));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The pact with an `_id` first in each interaction, as pact_broker Content#with_ids does. */
export function withInteractionIds(content: JsonObject): JsonObject {
  const addIds = (list: Json | undefined) =>
    Array.isArray(list)
      ? list.map((i) => {
          if (!isObject(i)) return i;
          const { _id: _previous, ...rest } = i;
          const topLevelSorted = Object.fromEntries(
            Object.keys(rest)
              .sort()
              .map((k) => [k, rest[k]!]),
          );
          return { _id: sha1(JSON.stringify(topLevelSorted)), ...rest };
        })
      : list;
  const out: JsonObject = { ...content };
  if (Array.isArray(content.interactions)) out.interactions = addIds(content.interactions)!;
  if (Array.isArray(content.messages)) out.messages = addIds(content.messages)!;
  return out;
}

/** Query string pairs in order, decoded with decodeURIComponent (no form decoding: '+' stays '+'). */
export function parseQuery(search: string): [string, string][] {
  return search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      const [k, v] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      return [decodeURIComponent(k), decodeURIComponent(v)];
    });
}

export const pacticipantUrl = (s: Store, name: string) => `${s.base}/pacticipants/${seg(name)}`;
export const versionUrl = (s: Store, name: string, number: string) =>
  `${pacticipantUrl(s, name)}/versions/${seg(number)}`;
export const pactVersionUrl = (s: Store, provider: string, consumer: string, sha: string) =>
  `${s.base}/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/pact-version/${sha}`;

export const optionalString = (o: JsonObject, key: string) => (typeof o[key] === 'string' ? o[key] : undefined);

export const pactName = (p: { consumer: string; provider: string }, versions: string[]) =>
  `Pact between ${p.consumer} (${versions.join(', ')}) and ${p.provider}`;

// The metadata segment of a pact URL says which consumer versions it was selected for (the real broker encodes
// its selection there too).
export const encodeMetadata = (versions: string[]) =>
  Buffer.from(JSON.stringify({ cvn: versions })).toString('base64url');

export function decodeMetadata(metadata: string | undefined): string[] | undefined {
  if (metadata === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(metadata, 'base64url').toString('utf8'));
    if (isObject(parsed) && Array.isArray(parsed.cvn)) return parsed.cvn.filter((v) => typeof v === 'string');
  } catch {
    // fall through: a metadata segment the double did not make names no version
  }
  return undefined;
}
