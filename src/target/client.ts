import { randomBytes } from 'node:crypto';
import { isPlainObject, type Contract, type OperationId } from '../spec/index.ts';
import { openGateway } from './gateway.ts';
import { HttpClient, type RawRequest, type RawResponse, type Send } from './http.ts';
import { findLeaks } from './leaks.ts';
import { Ledger, OwnershipError, readResource, writtenResource, type ResourceKind } from './ledger.ts';
import { TrafficCounter } from './stats.ts';
import type { CdaCall, CmaCall, Credential, Exchange, Target, TargetInfo } from './types.ts';
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
  const http = new HttpClient(options.timeoutMs);
  const vault = new SecretVault();
  vault.learn(undefined, options.adminSecret);
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
    const parsed = parseJson(response.text);
    // Learn new secrets before anything is recorded, so that the record never holds one.
    if (parsed.json) vault.learnFrom(parsed.value);
    const body = parsed.json ? vault.redactJson(parsed.value) : vault.redactText(response.text);
    const { authorization: _auth, ...headers } = raw.headers;
    const redactedRequest = raw.body === undefined ? undefined : vault.redactText(raw.body);
    // The value it was serialized from, unless a secret had to be taken out of it.
    const requestBody =
      redactedRequest === undefined
        ? undefined
        : redactedRequest === raw.body && sentValue !== undefined
          ? sentValue
          : parseJson(redactedRequest).value;
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
      response: { status: response.status, headers: response.headers, body, bodyIsJson: parsed.json },
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

  const target: Target = {
    info: options.info,
    stats,
    ownership: { prefix: options.ledger.prefix, owned: () => options.ledger.owned() },
    isOwnCredential: (tokenId) => vault.secretOf(tokenId) === options.adminSecret,
    findLeaks: (paths) => findLeaks(paths, vault.secrets()),
    gateway: (gate = {}) =>
      openGateway(options.info.cmaUrl, {
        sign: (reference) =>
          authorization(reference ? { kind: 'token', tokenId: reference.slice('token-'.length) } : { kind: 'admin' }),
        refusal: (method, path) => (gate.unownedWrite?.(method, path) ? undefined : writeRefusal(method, path)),
        secretsAfter: (text) => {
          const parsed = parseJson(text);
          if (parsed.json) vault.learnFrom(parsed.value);
          return vault.secrets();
        },
      }),

    async cma(call: CmaCall) {
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
      const creation = createdResource(call);
      if (creation) options.ledger.intend(creation.kind, creation.name);
      const recorded = await exchange(
        'cma',
        operationId,
        credential,
        {
          method: call.method,
          url: `${options.info.cmaUrl}${call.path}`,
          headers,
          ...(body === undefined ? {} : { body }),
        },
        call.rawBody === undefined ? call.body : undefined,
      );
      recordOwnership(options.ledger, call, recorded);
      if (creation) options.ledger.forget(creation.kind, creation.name);
      return recorded;
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
        url: `${options.info.cdaUrl}/`,
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
  if (call.method === 'POST' && (call.path === '/access_tokens' || call.path === '/roles')) ledger.own(type, id, name);
  if (call.method === 'DELETE') ledger.markAbsent(type, id);
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

/** The JSON value of a text, or the text itself when it is not JSON (the oracles report that). */
function parseJson(text: string): { json: boolean; value: unknown } {
  try {
    return { json: true, value: JSON.parse(text) };
  } catch {
    return { json: false, value: text };
  }
}
