import type { Api, HttpMethod, OperationId } from '../spec/index.ts';
import type { LedgerEntry } from './ledger.ts';

/** Who a request is sent as. Secrets never leave the Target: calls name credentials instead. */
export type Credential =
  | { kind: 'admin' }
  | { kind: 'token'; tokenId: string; /** the secret it had before its last rotation */ previous?: true }
  | { kind: 'none' }
  | { kind: 'invalid' };

export interface CmaCall {
  method: HttpMethod;
  path: string;
  /** A JSON body, serialized by the target. */
  body?: unknown;
  /** A body sent byte for byte instead (for bodies that are not JSON). */
  rawBody?: string;
  credential?: Credential;
  /** Defaults to application/json when there is a body. */
  contentType?: string;
  /** Removes what the run owns: still sent during the cleanup allowance, after the run's deadline. */
  purpose?: 'cleanup';
  /** Why a write to a token or role the run does not own is safe (only the hardcoded-token probe). */
  unownedWriteReason?: string;
  /** The operation of the spec, when the caller knows it (otherwise it is looked up from the path). */
  operationId?: OperationId;
  /** `fresh`: on a new connection, closed after (a server may keep state per connection). */
  connection?: Connection;
}

export type Connection = 'reused' | 'fresh';

export interface CdaCall {
  query: string;
  drafts?: boolean;
  credential: Credential;
  connection?: Connection;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body as sent, parsed when JSON; every secret redacted. */
  body: unknown;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or the text; every secret redacted (`attributes.token` keeps a fingerprint). */
  body: unknown;
  bodyIsJson: boolean;
  /** Why a body that may be JSON was not decoded (nested too deep to check safely). */
  unreadable?: string;
}

/** One request and its response, as recorded: safe to print, store and report. */
export interface Exchange {
  seq: number;
  api: Api;
  operationId: OperationId | undefined;
  /** Who sent it: "admin", "token 312", "no credential", "invalid credential". */
  credential: string;
  request: RecordedRequest;
  response: RecordedResponse;
  startedAt: number;
  durationMs: number;
}

export interface TrafficStats {
  requests: number;
  /** The most requests in any 3-second window (the CMA's rate-limit window). */
  peakPerWindow: number;
  retries: number;
  rateLimited: number;
}

/** What a report says of the target: never a secret. */
export interface TargetInfo {
  kind: 'mock' | 'remote';
  /** For people: "embedded mock" or the CMA base URL. */
  label: string;
  cmaUrl: string;
  cdaUrl: string;
  /** The suite's own mock, or a project declared a sandbox: factory tokens may get any body and a rotation. */
  disposable: boolean;
}

/** What the run owns on the target: the only resources it writes to, and removes at the end. */
export interface Ownership {
  /** The prefix of every name the run gives: cleanup recognises leftovers by it. */
  readonly prefix: string;
  owned(): readonly LedgerEntry[];
  /** Finds by name the creations whose answer never came or named no id, and owns those that exist. */
  settle(): Promise<void>;
}

/**
 * A loopback door to the CMA for a client that sends its own requests (the Pact verifier): it
 * signs each request with the run's credential — or, for `Authorization: Bearer token-<id>`, with
 * that token's — refuses writes to what the run does not own, and answers with every secret
 * replaced by a stand-in of the same shape. No secret leaves the target.
 */
export interface Gateway {
  url: string;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Why a write to what the run does not own is safe, when it is (a factory token's no-op). */
  unownedWrite?: (method: string, path: string) => string | undefined;
  /**
   * Checked once such a write is answered: why the client must not see the answer, when the write
   * broke its promise (it changed the factory token). The client then gets a 502 saying so.
   */
  afterUnownedWrite?: (method: string, path: string, status: number) => Promise<GatewayObjection | undefined>;
}

/** Said to the client instead of an answer, as an error document of token-contract's own code. */
export interface GatewayObjection {
  code: `TOKEN_CONTRACT_${string}`;
  message: string;
}

/** A file that holds a secret the target has seen; the secret itself is never reported. */
export interface Leak {
  file: string;
  /** Where the first secret starts; -1 when the text was withheld before it was written. */
  offset: number;
}

/** The one way the suite talks to a DatoCMS project, the embedded mock's or a real one. */
export interface Target {
  readonly info: TargetInfo;
  cma(call: CmaCall): Promise<Exchange>;
  cda(call: CdaCall): Promise<Exchange>;
  readonly stats: TrafficStats;
  readonly ownership: Ownership;
  /** Whether the token is the one the run authenticates with (once a listing has shown its secret). */
  isOwnCredential(tokenId: string): boolean;
  gateway(options?: GatewayOptions): Promise<Gateway>;
  /** The artefact lint: the files under `paths` that hold any secret this target has seen. */
  findLeaks(paths: readonly string[]): Leak[];
  /** The same lint for a text about to be written: whether it holds a secret. */
  holdsSecret(text: string): boolean;
  close(): Promise<void>;
}

export type { Api, HttpMethod, OperationId };
