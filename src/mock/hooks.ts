import type { AccessTokenResource, SchemaIssue, WritableTokenAttributes } from '../spec/index.ts';
import type { Capabilities } from './capabilities.ts';
import type { MockResponse } from './responses.ts';
import type { RoleRecord, Store, TokenRecord } from './store.ts';

// The named points where a fault may bend the mock. Route code calls these and nothing else
// knows about faults: a fault is a small object implementing a few of them.

export type TokenAction = 'create' | 'update' | 'destroy' | 'regenerate';

/** What an update will write to the token: the four attributes and the role, plus what must stay. */
export type TokenChange = WritableTokenAttributes & Omit<TokenRecord, 'id'>;

/** The request a permission decision is made for. */
export interface AccessRequest {
  surface: 'cma' | 'cda';
  method: string;
  /** The first request of a new connection. */
  opensConnection: boolean;
}

export interface RequestInfo {
  method: string;
  path: string;
  /** The raw body as text ('' when absent). */
  bodyText: string;
  caller: TokenRecord | undefined;
  surface: 'cma' | 'cda';
}

export interface UpdateEvent {
  store: Store;
  before: TokenRecord;
  after: TokenRecord;
  render: (token: TokenRecord) => AccessTokenResource;
}

export interface RejectEvent {
  store: Store;
  action: TokenAction;
  /** The token the request addressed, when it exists. */
  target: TokenRecord | undefined;
  /** The parsed body when it is JSON, whatever its validity. */
  body: unknown;
}

export interface MockHooks {
  /** Which token a secret authenticates as. */
  authenticate?(secret: string, found: TokenRecord | undefined, store: Store): TokenRecord | undefined;
  /** What a token may do for this request. */
  capabilities?(token: TokenRecord, computed: Capabilities, now: number, request: AccessRequest): Capabilities;
  /** May this caller perform a token mutation (on `target`, when it exists)? */
  mayManageTokens?(
    caller: TokenRecord,
    allowed: boolean,
    action: TokenAction,
    target: TokenRecord | undefined,
  ): boolean;
  /** Is the caller shown `attributes.token`? */
  revealSecret?(caller: TokenRecord, reveal: boolean): boolean;
  /** Which token a path id addresses (`body`: the parsed body of a write, if any). */
  findToken?(id: string, found: TokenRecord | undefined, store: Store, body: unknown): TokenRecord | undefined;
  /** Which role a token write's role id names. */
  findRole?(id: string, found: RoleRecord | undefined, store: Store): RoleRecord | undefined;
  /** May this token's attributes be updated? */
  editable?(token: TokenRecord, editable: boolean): boolean;
  /** May this token's secret be rotated? */
  mayRotate?(token: TokenRecord, allowed: boolean): boolean;
  /** The schema issues of a request body (an empty list accepts it). */
  validation?(operationId: string, body: unknown, issues: SchemaIssue[]): SchemaIssue[];
  /** The change an accepted update writes. */
  planUpdate?(target: TokenRecord, change: TokenChange, body: Record<string, unknown>, store: Store): TokenChange;
  /** Writes the change; the default writes it all at once. */
  writeUpdate?(target: TokenRecord, change: TokenChange): Promise<void>;
  /** Called after every successful update. */
  afterUpdate?(event: UpdateEvent): void;
  /** Called when a token request is refused, with the error about to be sent. */
  reject?(event: RejectEvent, error: MockResponse): MockResponse;
  /** Called after a secret rotation. */
  afterRotate?(token: TokenRecord, previousSecret: string, store: Store): void;
  /** The response about to be sent, for every request of either API. */
  respond?(request: RequestInfo, response: MockResponse): MockResponse;
}

/** The hooks of several faults, applied in order; with no faults, each returns its input. */
export class HookChain {
  constructor(private readonly faults: MockHooks[]) {}

  authenticate(secret: string, found: TokenRecord | undefined, store: Store) {
    return this.faults.reduce((t, f) => (f.authenticate ? f.authenticate(secret, t, store) : t), found);
  }
  capabilities(token: TokenRecord, computed: Capabilities, now: number, request: AccessRequest) {
    return this.faults.reduce((c, f) => (f.capabilities ? f.capabilities(token, c, now, request) : c), computed);
  }
  mayManageTokens(caller: TokenRecord, allowed: boolean, action: TokenAction, target: TokenRecord | undefined) {
    return this.faults.reduce(
      (a, f) => (f.mayManageTokens ? f.mayManageTokens(caller, a, action, target) : a),
      allowed,
    );
  }
  revealSecret(caller: TokenRecord, reveal: boolean) {
    return this.faults.reduce((r, f) => (f.revealSecret ? f.revealSecret(caller, r) : r), reveal);
  }
  findToken(id: string, found: TokenRecord | undefined, store: Store, body: unknown) {
    return this.faults.reduce((t, f) => (f.findToken ? f.findToken(id, t, store, body) : t), found);
  }
  findRole(id: string, found: RoleRecord | undefined, store: Store) {
    return this.faults.reduce((r, f) => (f.findRole ? f.findRole(id, r, store) : r), found);
  }
  editable(token: TokenRecord, editable: boolean) {
    return this.faults.reduce((e, f) => (f.editable ? f.editable(token, e) : e), editable);
  }
  mayRotate(token: TokenRecord, allowed: boolean) {
    return this.faults.reduce((a, f) => (f.mayRotate ? f.mayRotate(token, a) : a), allowed);
  }
  validation(operationId: string, body: unknown, issues: SchemaIssue[]) {
    return this.faults.reduce((i, f) => (f.validation ? f.validation(operationId, body, i) : i), issues);
  }
  planUpdate(target: TokenRecord, change: TokenChange, body: Record<string, unknown>, store: Store) {
    return this.faults.reduce((c, f) => (f.planUpdate ? f.planUpdate(target, c, body, store) : c), change);
  }
  async writeUpdate(target: TokenRecord, change: TokenChange) {
    const writer = this.faults.find((f) => f.writeUpdate);
    if (writer?.writeUpdate) return writer.writeUpdate(target, change);
    Object.assign(target, change);
  }
  afterUpdate(event: UpdateEvent) {
    for (const f of this.faults) f.afterUpdate?.(event);
  }
  reject(event: RejectEvent, error: MockResponse) {
    return this.faults.reduce((e, f) => (f.reject ? f.reject(event, e) : e), error);
  }
  afterRotate(token: TokenRecord, previousSecret: string, store: Store) {
    for (const f of this.faults) f.afterRotate?.(token, previousSecret, store);
  }
  respond(request: RequestInfo, response: MockResponse) {
    return this.faults.reduce((r, f) => (f.respond ? f.respond(request, r) : r), response);
  }
}
