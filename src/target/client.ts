import { randomBytes } from 'node:crypto';
import { isPlainObject, type Contract, type OperationId } from '../spec/index.ts';
import { openGateway } from './gateway.ts';
import {
  DEFAULT_HTTP_LIMITS,
  HttpClient,
  TransportError,
  type RawRequest,
  type RawResponse,
  type Send,
} from './http.ts';
import { decodeJson } from './json.ts';
import { findLeaks } from './leaks.ts';
import { Ledger, OwnershipError, readResource, writtenResource, type ResourceKind } from './ledger.ts';
import { TrafficCounter } from './stats.ts';
import type { CdaCall, CmaCall, Credential, Exchange, Target, TargetInfo } from './types.ts';
import { cmaCalls, listedResources } from './requests.ts';
import { SecretVault } from './vault.ts';

export interface ClientOptions {
  info: TargetInfo;
  adminSecret: string;
  environment?: string;
  contract: Contract;
  ledger: Ledger;
  /** Wraps the raw sender (rate limiting, retries); identity by default. */
  transport?: (send: Send, stats: TrafficCounter) => Send;
  timeoutMs?: number;
  onClose?: () => Promise<void>;
}

const USER_AGENT = 'token-contract/0.1 (+https://github.com/)';

/** A Target over HTTP: every exchange is recorded with its secrets redacted as it is recorded. */
export function createTarget(options: ClientOptions): Target {
  const http = new HttpClient(
    { ...DEFAULT_HTTP_LIMITS, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
    // The suite's own mock listens on loopback: a proxy of the environment is not for it.
    options.info.kind === 'mock' ? {} : process.env,
  );
  const vault = new SecretVault();
  vault.learn(undefined, options.adminSecret, true);
  const stats = new TrafficCounter();
  // Counted at the wire, so that retries made by the transport count too.
  const counted: Send = (raw) => {
    stats.count();
    return http.send(raw);
  };
  const send = (options.transport ?? ((s) => s))(counted, stats);
  const invalidSecret = randomBytes(20).toString('hex');
  let seq = 0;

  function authorization(credential: Credential): string | undefined {
    switch (credential.kind) {
      case 'admin':
        return `Bearer ${options.adminSecret}`;
      case 'token': {
        const secret = vault.secretOf(credential.tokenId, credential.previous);
        if (!secret)
          throw new Error(`no ${credential.previous ? 'previous ' : ''}secret known for token ${credential.tokenId}`);
        return `Bearer ${secret}`;
      }
      case 'invalid':
        return `Bearer ${invalidSecret}`;
      case 'none':
        return undefined;
    }
  }

  async function exchange(
    api: 'cma' | 'cda',
    operationId: OperationId | undefined,
    credential: Credential,
    raw: RawRequest,
    sentValue?: unknown,
  ): Promise<Exchange> {
    const startedAt = Date.now();
    const response: RawResponse = await send(raw);
    const durationMs = Date.now() - startedAt;
    const parsed = decodeJson(response.text);
    // Learn new secrets before anything is recorded, so that the record never holds one.
    if (parsed.json) vault.learnFrom(parsed.value);
    const body = parsed.json ? vault.redactJson(parsed.value) : vault.redactText(response.text);
    const responseHeaders = Object.fromEntries(
      Object.entries(response.headers).map(([name, value]) => [name, vault.redactText(value)]),
    );
    const { authorization: _auth, ...headers } = raw.headers;
    const redactedRequest = raw.body === undefined ? undefined : vault.redactText(raw.body);
    // The value it was serialized from, unless a secret had to be taken out of it.
    const requestBody =
      redactedRequest === undefined
        ? undefined
        : redactedRequest === raw.body && sentValue !== undefined
          ? sentValue
          : decodeJson(redactedRequest).value;
    return {
      seq: ++seq,
      api,
      operationId,
      credential: credentialLabel(credential),
      request: {
        method: raw.method,
        url: raw.url,
        headers: {
          ...headers,
          ...(raw.headers.authorization ? { authorization: `Bearer [redacted: ${credentialLabel(credential)}]` } : {}),
        },
        body: requestBody,
      },
      response: {
        status: response.status,
        headers: responseHeaders,
        body,
        bodyIsJson: parsed.json,
        ...(parsed.unreadable ? { unreadable: parsed.unreadable } : {}),
      },
      startedAt,
      durationMs,
    };
  }

  const writeRefusal = (method: string, path: string) => {
    const written = writtenResource(method, path);
    return written && !options.ledger.mayWrite(written.kind, written.id)
      ? `refused: ${method} ${path} writes a ${written.kind} this run does not own`
      : undefined;
  };

  async function sendCma(call: CmaCall): Promise<Exchange> {
    const refusal = writeRefusal(call.method, call.path);
    if (refusal && !call.unownedWriteReason) throw new OwnershipError(refusal);
    const credential = call.credential ?? { kind: 'admin' };
    const hasBody = call.body !== undefined || call.rawBody !== undefined;
    const auth = authorization(credential);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-api-version': '3',
      'user-agent': USER_AGENT,
      ...(options.environment ? { 'x-environment': options.environment } : {}),
      ...(hasBody ? { 'content-type': call.contentType ?? 'application/json' } : {}),
      ...(auth ? { authorization: auth } : {}),
    };
    const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
    const operationId =
      call.operationId ??
      (options.contract.match('cma', call.method, call.path.split('?')[0] as string)?.operation.id as
        OperationId | undefined);
    const recorded = await exchange(
      'cma',
      operationId,
      credential,
      {
        method: call.method,
        url: `${options.info.cmaUrl}${call.path}`,
        ...(call.purpose ? { purpose: call.purpose } : {}),
        ...(call.connection === 'fresh' ? { fresh: true } : {}),
        headers,
        ...(body === undefined ? {} : { body }),
      },
      call.rawBody === undefined ? call.body : undefined,
    );
    recordOwnership(options.ledger, call, recorded);
    return recorded;
  }

  /** The id of the resource of this kind the CMA lists under this name (the run's names are unique to it). */
  async function idNamed(kind: ResourceKind, names: readonly string[]): Promise<Map<string, string> | undefined> {
    const listing = await sendCma({
      ...(kind === 'role' ? cmaCalls.listRoles() : cmaCalls.listTokens()),
      purpose: 'cleanup',
    });
    const listed = listedResources(listing);
    return listed && new Map(listed.filter((r) => names.includes(r.name)).map((r) => [r.name, r.id]));
  }

  /**
   * A creation, written down as pending before it is sent, owned once an answer names its id. A
   * lost answer may hide a creation the server applied: POST is not idempotent (RFC 9110 §9.2.2),
   * so it is sent again only once a lookup by its name has not found it.
   */
  async function create(call: CmaCall, creation: { kind: ResourceKind; name: string }): Promise<Exchange> {
    options.ledger.intend(creation.kind, creation.name);
    let answer: Exchange;
    try {
      answer = await sendCma(call);
    } catch (error) {
      if (!(error instanceof TransportError) || error.code === 'EDEADLINE') throw error;
      const found = await idNamed(creation.kind, [creation.name]);
      // A listing that cannot be read proves nothing: no second creation; the entry stays pending.
      if (!found) throw error;
      const id = found.get(creation.name);
      if (id === undefined) return sendCma(call);
      options.ledger.own(creation.kind, id, creation.name);
      return sendCma(creation.kind === 'role' ? cmaCalls.findRole(id) : cmaCalls.findToken(id));
    }
    const { status } = answer.response;
    // A refusal created nothing.
    if (status >= 400 && status < 500) options.ledger.forget(creation.kind, creation.name);
    const named = createdId(answer);
    if (status >= 200 && status < 300 && named !== undefined && !options.ledger.owns(creation.kind, named))
      throw new TransportError(
        `POST ${call.path}: the answer names ${creation.kind} ${named}, not the one the run created (${creation.name})`,
        'EFOREIGN',
      );
    return answer;
  }

  /**
   * Creations whose answer never named an id: owned if the CMA lists them by name. One not listed
   * stays pending (a creation aborted in flight may commit later): the ledger keeps it for
   * `token-contract cleanup`.
   */
  async function settle(): Promise<void> {
    const pending = options.ledger.pending();
    for (const kind of new Set(pending.map((entry) => entry.kind))) {
      const names = pending.filter((entry) => entry.kind === kind).map((entry) => entry.name);
      const found = await idNamed(kind, names);
      for (const name of names) {
        const id = found?.get(name);
        if (id !== undefined) options.ledger.own(kind, id, name);
      }
    }
  }

  const target: Target = {
    info: options.info,
    stats,
    ownership: { prefix: options.ledger.prefix, owned: () => options.ledger.owned(), settle },
    isOwnCredential: (tokenId) => vault.secretOf(tokenId) === options.adminSecret,
    findLeaks: (paths) => findLeaks(paths, vault.searchedSecrets()),
    holdsSecret: (text) => vault.holdsSecret(text),
    gateway: (gate = {}) =>
      openGateway(options.info.cmaUrl, {
        sign: (reference) =>
          authorization(reference ? { kind: 'token', tokenId: reference.slice('token-'.length) } : { kind: 'admin' }),
        refusal: (method, path) => (gate.unownedWrite?.(method, path) ? undefined : writeRefusal(method, path)),
        objection: async (method, path, status) =>
          gate.unownedWrite?.(method, path) ? gate.afterUnownedWrite?.(method, path, status) : undefined,
        secretsAfter: (text) => {
          const parsed = decodeJson(text);
          if (parsed.json) vault.learnFrom(parsed.value);
          return vault.secrets();
        },
      }),

    cma(call: CmaCall) {
      const creation = createdResource(call);
      return creation ? create(call, creation) : sendCma(call);
    },

    cda(call: CdaCall) {
      const auth = authorization(call.credential);
      const headers: Record<string, string> = {
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        ...(options.environment ? { 'x-environment': options.environment } : {}),
        ...(call.drafts ? { 'x-include-drafts': 'true' } : {}),
        ...(auth ? { authorization: auth } : {}),
      };
      return exchange('cda', 'executeQuery', call.credential, {
        method: 'POST',
        repeatable: true,
        url: `${options.info.cdaUrl}/`,
        ...(call.connection === 'fresh' ? { fresh: true } : {}),
        headers,
        body: JSON.stringify({ query: call.query }),
      });
    },

    async close() {
      options.ledger.close();
      await http.close();
      await options.onClose?.();
    },
  };
  return target;
}

/** The resource a POST creates, and the name it is given, when the call creates one. */
function createdResource(call: CmaCall): { kind: ResourceKind; name: string } | undefined {
  if (call.method !== 'POST') return undefined;
  const kind = call.path === '/access_tokens' ? 'access_token' : call.path === '/roles' ? 'role' : undefined;
  const body = call.body;
  const attributes = isPlainObject(body) && isPlainObject(body.data) ? body.data.attributes : undefined;
  const name = isPlainObject(attributes) ? attributes.name : undefined;
  return kind && typeof name === 'string' ? { kind, name } : undefined;
}

/**
 * Creations join the ledger as owned; deletions leave it as known-absent ids, and so do ids the
 * server, asked by the run's own credential, says do not exist.
 */
function recordOwnership(ledger: Ledger, call: CmaCall, exchange: Exchange): void {
  const { status, body } = exchange.response;
  const read = readResource(call.method, call.path);
  if (status === 404 && read && (call.credential ?? { kind: 'admin' }).kind === 'admin')
    ledger.markAbsent(read.kind, read.id);
  if (status < 200 || status >= 300 || !isPlainObject(body) || !isPlainObject(body.data)) return;
  const { type, id, attributes } = body.data;
  if (typeof id !== 'string' || (type !== 'access_token' && type !== 'role')) return;
  const name = isPlainObject(attributes) && typeof attributes.name === 'string' ? attributes.name : '';
  // A creation's answer proves ownership only for the kind created, under a name the run gave.
  const created = createdResource(call);
  if (created && created.kind === type && name.startsWith(ledger.prefix)) {
    ledger.own(type, id, name);
    // The server may store the name otherwise (trimmed, normalised): the pending entry has the sent one.
    ledger.forget(created.kind, created.name);
  }
  if (call.method === 'DELETE') ledger.markAbsent(type, id);
}

/** The id a creation's answer names, if it names one. */
function createdId(exchange: Exchange): string | undefined {
  const { body } = exchange.response;
  return isPlainObject(body) && isPlainObject(body.data) && typeof body.data.id === 'string' ? body.data.id : undefined;
}

function credentialLabel(credential: Credential): string {
  switch (credential.kind) {
    case 'admin':
      return 'admin';
    case 'token':
      return `token ${credential.tokenId}${credential.previous ? ' (secret before rotation)' : ''}`;
    case 'none':
      return 'no credential';
    case 'invalid':
      return 'invalid credential';
  }
}
