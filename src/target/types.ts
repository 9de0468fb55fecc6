import type { Api, HttpMethod, OperationId } from '../spec/index.ts';

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
  /** Why a write to a token or role the run does not own is safe (only the hardcoded-token probe). */
  unownedWriteReason?: string;
  /** The operation of the spec, when the caller knows it (otherwise it is looked up from the path). */
  operationId?: OperationId;
}

export interface CdaCall {
  query: string;
  drafts?: boolean;
  credential: Credential;
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

export interface Target {
  readonly kind: 'mock' | 'remote';
  /** For humans: "embedded mock" or the CMA base URL. */
  readonly label: string;
  readonly cmaUrl: string;
  readonly cdaUrl: string;
  /** The suite's own mock, or a project declared a sandbox: factory tokens may get any body and a rotation. */
  readonly disposable: boolean;
  cma(call: CmaCall): Promise<Exchange>;
  cda(call: CdaCall): Promise<Exchange>;
  /** The fingerprint of a token's current secret, if the target has seen it. */
  secretFingerprint(tokenId: string): string | undefined;
  /** Whether the token is the one the run authenticates with (once a listing has shown its secret). */
  isOwnCredential(tokenId: string): boolean;
  /**
   * The Authorization header this target sends for a credential. Only for clients that must send
   * requests themselves (the Pact verifier's request filter); never record what it returns.
   */
  authorization(credential: Credential): string | undefined;
  readonly stats: TrafficStats;
  readonly ledger: import('./ledger.ts').Ledger;
  /** Every secret seen so far (for the artefact lint; never printed). */
  knownSecrets(): readonly string[];
  close(): Promise<void>;
}

export type { Api, HttpMethod, OperationId };
