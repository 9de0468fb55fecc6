import type { UpdateCase } from '../../src/generate/index.ts';
import type { Snapshot, TokenView, UpdateObservation } from '../../src/scenarios/index.ts';
import { readTokenBody, type OperationId } from '../../src/spec/index.ts';
import type { Exchange } from '../../src/target/index.ts';

// Observations made by hand, to test each invariant's check alone: what a scenario would have
// recorded, without a server.

let seq = 0;

/** One recorded request and its answer (secrets already fingerprints, as the target records them). */
export function exchange(
  method: string,
  path: string,
  status: number,
  body: unknown,
  more: { operationId?: OperationId; credential?: string; contentType?: string; requestBody?: unknown } = {},
): Exchange {
  return {
    seq: ++seq,
    api: 'cma',
    operationId: more.operationId,
    credential: more.credential ?? 'admin',
    request: { method, url: `http://cma.test${path}`, headers: {}, body: more.requestBody },
    response: {
      status,
      headers: { 'content-type': more.contentType ?? 'application/json; charset=utf-8' },
      body,
      bodyIsJson: true,
    },
    startedAt: 0,
    durationMs: 1,
  };
}

export const token = (overrides: Partial<TokenView> = {}): TokenView => ({
  id: '10',
  name: 'subject',
  can_access_cda: true,
  can_access_cda_preview: false,
  can_access_cma: true,
  roleId: '1',
  hardcoded_type: null,
  last_cma_access: 'never',
  last_cda_access: 'never',
  secret: '[redacted sha256:00000000000000aa]',
  ...overrides,
});

/** A token as the CMA writes it. */
export const resource = (view: TokenView) => ({
  type: 'access_token',
  id: view.id,
  attributes: {
    name: view.name,
    token: view.secret,
    can_access_cda: view.can_access_cda,
    can_access_cda_preview: view.can_access_cda_preview,
    can_access_cma: view.can_access_cma,
    hardcoded_type: view.hardcoded_type,
    last_cma_access: view.last_cma_access,
    last_cda_access: view.last_cda_access,
  },
  relationships: { role: { data: view.roleId === null ? null : { type: 'role', id: view.roleId } } },
});

export const error = (status: number, code: string) =>
  ({ status, body: { data: [{ id: 'abc123', type: 'api_error', attributes: { code, details: {} } }] } }) as const;

export const snapshot = (tokens: TokenView[]): Snapshot => ({
  exchange: exchange('GET', '/access_tokens', 200, { data: tokens.map(resource) }, { operationId: 'listAccessTokens' }),
  tokens,
  watched: undefined,
});

export const attributes = {
  name: 'renamed',
  can_access_cda: false,
  can_access_cda_preview: true,
  can_access_cma: true,
};
export const updateBody = (extra: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  data: { type: 'access_token', id: '10', attributes: { ...attributes, ...extra }, ...data },
});

/**
 * One update of token 10 (the subject) among a bystander (11): the project before, the request,
 * the answer, the read right after, the project after. By default a valid update, applied as sent.
 */
export function updateObservation(
  o: {
    before?: TokenView[];
    body?: unknown;
    caller?: UpdateCase['caller'];
    answer?: { status: number; body: unknown };
    read?: TokenView;
    after?: TokenView[];
  } = {},
): UpdateObservation {
  const before = o.before ?? [token(), token({ id: '11', name: 'bystander' })];
  const body = o.body ?? updateBody();
  const subject = before.find((t) => t.id === '10');
  const applied = token({ ...subject, ...attributes });
  const answer = o.answer ?? { status: 200, body: { data: resource(applied) } };
  const after = o.after ?? (answer.status === 200 ? [applied, ...before.filter((t) => t.id !== '10')] : before);
  const read = o.read ?? after.find((t) => t.id === '10');
  const update = exchange('PUT', '/access_tokens/10', answer.status, answer.body, {
    operationId: 'updateAccessToken',
    requestBody: body,
  });
  const readExchange = read
    ? exchange('GET', '/access_tokens/10', 200, { data: resource(read) }, { operationId: 'findAccessToken' })
    : exchange('GET', '/access_tokens/10', 404, error(404, 'NOT_FOUND').body, { operationId: 'findAccessToken' });
  const beforeSnapshot = snapshot(before);
  const afterSnapshot = snapshot(after);
  return {
    case: {
      target: 'owned',
      start: { name: 'start', flags: subject ?? token(), role: 'viewer' },
      caller: o.caller ?? 'admin',
      contentType: 'application/json',
      body: body as never,
      mutation: undefined,
    },
    request: {
      targetId: '10',
      path: '/access_tokens/10',
      body,
      rawBody: undefined,
      sent: readTokenBody(body),
      credential: { kind: 'admin' },
      contentType: 'application/json',
    },
    ids: {
      roles: { manager: '2', viewer: '1' },
      unknownRoleId: '99',
      subject: '10',
      bystander: '11',
      weakCaller: '12',
      noCmaCaller: '13',
      factoryTokens: [],
      unknownTokenId: '107',
      deletedTokenId: '14',
    },
    before: beforeSnapshot,
    targetBefore: subject,
    update,
    read: readExchange,
    after: afterSnapshot,
    exchanges: [beforeSnapshot.exchange, update, readExchange, afterSnapshot.exchange],
  };
}
