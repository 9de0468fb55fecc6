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
  /** The decoded pact JSON exactly as it was published. */
  content: JsonObject;
  /** The pact-version sha: SHA-1, see pactVersionSha. */
  sha: string;
  publishedAt: string;
  /** The store's clock when published (see Store.tick). */
  at: number;
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
  /** Published to the URL of a WIP pact (metadata `w=true`), as the real broker records it. */
  wip: boolean;
  /** The full POSTed JSON. */
  body: JsonObject;
  receivedAt: string;
  at: number;
}

export interface Environment {
  uuid: string;
  name: string;
  displayName: string;
  production: boolean;
  createdAt: string;
}

/** A recorded deployment (currentlyDeployed) or release (currentlySupported) of a version to an environment. */
export interface Deployment {
  uuid: string;
  kind: 'deployment' | 'release';
  pacticipant: string;
  version: string;
  environment: string;
  applicationInstance: string | undefined;
  /** Deployments: turns false when another version is deployed to the same environment (and instance). */
  current: boolean;
  createdAt: string;
}

/** A provider contract published to PactFlow (bi-directional contract testing). */
export interface ProviderContract {
  provider: string;
  providerVersion: string;
  branch: string | undefined;
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

/** A PUT to `pb:branch-version`. */
export interface BranchPut {
  pacticipant: string;
  version: string;
  branch: string;
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
  /** What the broker's metadata calls `cv`: the version's id. */
  id: number;
  pacticipant: string;
  number: string;
  branches: string[];
  /** Creation order: "latest" means highest, as in the real broker (not semver). */
  at: number;
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
  /** When not the HAL content type every other answer has. */
  contentType?: string;
}

/** What a route handler gets. */
export interface RouteRequest {
  method: string;
  /** The decoded path parameters. */
  params: ReadonlyMap<string, string>;
  /** A path parameter the route always has. */
  param(name: string): string;
  body: unknown;
  /** The absolute URL of this resource (for `self` links). */
  href: string;
}

export type RouteHandler = (s: Store, r: RouteRequest) => Reply;

/** Thrown by handlers; the server turns it into a reply. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
    readonly contentType?: string,
  ) {
    super(JSON.stringify(body));
  }
}

export const notFound = (what: string) => new HttpError(404, { error: `${what} was not found` });
export const badRequest = (...errors: string[]) => new HttpError(400, { errors });
/**
 * What the double does not model. A 400 with `errors`, because that is what the real pact-broker CLI prints
 * (`❌ <key>: <message>`) and fails on; a 404 would let it report success (delete-branch says "not found"
 * and exits 0), and a 5xx makes it retry.
 */
export const NOT_MODELLED = 'not modelled by the broker double';
export const notModelled = (what: string) => new HttpError(400, { errors: { [NOT_MODELLED]: [what] } });

// The real broker's auto_detect_main_branch default candidates.
const MAIN_BRANCH_CANDIDATES = ['develop', 'main', 'master'];

export class Store {
  readonly pacticipants = new Map<string, Pacticipant>();
  readonly versions: PacticipantVersion[] = [];
  /** When each pacticipant's branch was created (`pacticipant\0branch` → clock). */
  readonly branchesCreatedAt = new Map<string, number>();
  readonly pacts: PublishedPact[] = [];
  readonly verifications: ReceivedVerification[] = [];
  readonly environments: Environment[] = [];
  readonly deployments: Deployment[] = [];
  readonly branchPuts: BranchPut[] = [];
  readonly providerContracts: ProviderContract[] = [];
  readonly requests: LoggedRequest[] = [];
  private clock = 0;

  constructor(readonly base: string) {}

  /**
   * A logical clock: the pending and WIP rules compare "verified before the branch was created", and
   * requests within one millisecond must still be ordered.
   */
  tick(): number {
    return ++this.clock;
  }

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
      v = { id: this.versions.length + 1, pacticipant, number, branches: [], at: this.tick(), createdAt: now() };
      this.versions.push(v);
    }
    return v;
  }

  /** Returns false when the version was already on the branch. */
  addBranch(v: PacticipantVersion, branch: string): boolean {
    const p = this.pacticipant(v.pacticipant);
    if (p.mainBranch === undefined && MAIN_BRANCH_CANDIDATES.includes(branch)) p.mainBranch = branch;
    if (v.branches.includes(branch)) return false;
    const key = `${v.pacticipant}\u0000${branch}`;
    if (!this.branchesCreatedAt.has(key)) this.branchesCreatedAt.set(key, this.tick());
    v.branches.push(branch);
    return true;
  }

  branchCreatedAt(pacticipant: string, branch: string): number | undefined {
    return this.branchesCreatedAt.get(`${pacticipant}\u0000${branch}`);
  }

  environmentNamed(name: string): Environment | undefined {
    return this.environments.find((e) => e.name === name);
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
function sortKeys(value: Json): Json {
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

export const pacticipantUrl = (s: Store, name: string) => `${s.base}/pacticipants/${seg(name)}`;
export const versionUrl = (s: Store, name: string, number: string) =>
  `${pacticipantUrl(s, name)}/versions/${seg(number)}`;
export const pactVersionUrl = (s: Store, provider: string, consumer: string, sha: string) =>
  `${s.base}/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/pact-version/${sha}`;

export const optionalString = (o: JsonObject, key: string) => (typeof o[key] === 'string' ? o[key] : undefined);

export const pactName = (p: { consumer: string; provider: string }, versions: string[]) =>
  `Pact between ${p.consumer} (${versions.join(', ')}) and ${p.provider}`;
