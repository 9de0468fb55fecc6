import { errorFor, ok, apiError, type MockResponse } from '../responses.ts';
import type { CmaRequest } from '../context.ts';
import type { TokenAction, TokenChange } from '../hooks.ts';
import { newSecret, type TokenRecord } from '../store.ts';
import { representation, tokenResource } from '../serialize.ts';
import {
  hasOddCharacters,
  isBlankName,
  overLimit,
  readTokenBody,
  storedName,
  type CheckStage,
  type TokenFlags,
} from '../../spec/index.ts';
import { parseQuietly, readBody } from './body.ts';

const DESTINATION_TYPES = ['account', 'organization', 'user', 'access_token', 'sso_user'];

export function listTokens(request: CmaRequest): MockResponse {
  const refused = refuseReadWithoutPermission(request);
  if (refused) return refused;
  const tokens = [...request.mock.store.tokens.values()];
  return ok({ data: tokens.map((token) => render(request, token)) });
}

export function findToken(request: CmaRequest): MockResponse {
  const refused = refuseReadWithoutPermission(request);
  if (refused) return refused;
  const token = lookup(request);
  return token ? ok({ data: render(request, token) }) : errorFor(request.mock.assumptions.tokenNotFound.value);
}

export function createToken(request: CmaRequest): MockResponse {
  const { mock } = request;
  const refused = refuseMutation(request, 'create', undefined);
  if (refused) return refused;
  const read = readBody(request, 'createAccessToken');
  if (!read.ok) return reject(request, 'create', undefined, read.parsed, read.error);
  const sent = readTokenBody(read.body);
  const roleId = sent.roleId as string;
  const invalid = invalidValues(request, sent.name as string, roleId);
  if (invalid) return reject(request, 'create', undefined, read.body, invalid);
  const token = mock.store.addToken({
    name: stored(request, sent.name as string),
    ...(sent.flags as TokenFlags),
    roleId,
    hardcodedType: null,
  });
  return ok({ data: render(request, token) }, mock.assumptions.createStatus.value);
}

/**
 * The checks of an update, each a possible refusal, run in the order the server is assumed to run
 * them (`checkOrder`); the token is looked up first either way, only its refusal is ordered.
 */
export async function updateToken(request: CmaRequest): Promise<MockResponse> {
  const { mock } = request;
  const { assumptions } = mock;
  const parsed = parseQuietly(request.rawBody);
  const target = lookup(request, parsed);
  let body: Record<string, unknown> | undefined;
  const checks: Record<CheckStage, () => MockResponse | undefined> = {
    permission: () => refusalOfMutation(request, 'update', target),
    lookup: () => (target ? undefined : errorFor(assumptions.tokenNotFound.value)),
    factory: () =>
      target && target.hardcodedType !== null && !mock.hooks.editable(target, false)
        ? apiError(assumptions.nonEditableStatus.value, 'NON_EDITABLE_ACCESS_TOKEN')
        : undefined,
    body: () => {
      const read = readBody(request, 'updateAccessToken');
      if (!read.ok) return read.error;
      body = read.body;
      const sent = readTokenBody(body);
      const urlId = target?.id ?? request.params.access_token_id;
      if (sent.id !== undefined && sent.id !== urlId && assumptions.bodyIdMismatch.value !== 'url-wins') {
        return errorFor(assumptions.bodyIdMismatch.value, {
          messages: [`#/data/id: must be ${JSON.stringify(urlId)} (the id in the URL).`],
        });
      }
      const roleId = sent.relationships === 'present' ? (sent.roleId ?? null) : null;
      return invalidValues(request, sent.name as string, roleId, target);
    },
  };
  for (const stage of assumptions.checkOrder.value) {
    const error = checks[stage]();
    if (error) return reject(request, 'update', target, body ?? parsed, error);
  }
  if (!target || !body) throw new Error('an update passed every check without a token or a body');
  if (mock.inFlight.has(target.id)) return reject(request, 'update', target, body, apiError(409, 'CONFLICT'));
  const sent = readTokenBody(body);
  const { id: _id, ...current } = target;
  const requested: TokenChange = {
    ...current,
    ...(sent.flags as TokenFlags),
    name: stored(request, sent.name as string),
    roleId: sent.relationships === 'present' ? (sent.roleId as string) : target.roleId,
  };
  const before = { ...target };
  await write(request, target, mock.hooks.planUpdate(target, requested, body, mock.store));
  mock.hooks.afterUpdate({ store: mock.store, before, after: target, render: (t) => render(request, t) });
  const written = render(request, target);
  if (assumptions.updateResponse.value === 'written-state') return ok({ data: written });
  // Read back after the commit: a write that landed meanwhile shows.
  await nextTurn();
  return ok({ data: render(request, target) });
}

/** Writes an update; a server that refuses concurrent writes (`concurrentUpdates: conflict`) holds the token meanwhile. */
async function write(request: CmaRequest, target: TokenRecord, change: TokenChange): Promise<void> {
  const { mock } = request;
  if (mock.assumptions.concurrentUpdates.value === 'serialized') return mock.hooks.writeUpdate(target, change);
  mock.inFlight.add(target.id);
  try {
    await mock.hooks.writeUpdate(target, change);
    await nextTurn();
  } finally {
    mock.inFlight.delete(target.id);
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function destroyToken(request: CmaRequest): MockResponse {
  const { mock, caller, query } = request;
  const target = lookup(request);
  const refused = refuseMutation(request, 'destroy', target);
  if (refused) return refused;
  if (!target) return reject(request, 'destroy', undefined, undefined, errorFor(mock.assumptions.tokenNotFound.value));
  const destinationType = query.destination_user_type;
  if (destinationType !== undefined && !DESTINATION_TYPES.includes(String(destinationType))) {
    return reject(request, 'destroy', target, undefined, apiError(422, 'INVALID_DESTINATION_TYPE'));
  }
  if (target.id === caller.id)
    return reject(request, 'destroy', target, undefined, errorFor(mock.assumptions.destroySelf.value));
  const response = ok({ data: render(request, target) });
  mock.store.tokens.delete(target.id);
  mock.store.deleted.set(target.id, target);
  return response;
}

export function regenerateToken(request: CmaRequest): MockResponse {
  const { mock, caller } = request;
  const target = lookup(request);
  const refused = refuseMutation(request, 'regenerate', target);
  if (refused) return refused;
  if (!target)
    return reject(request, 'regenerate', undefined, undefined, errorFor(mock.assumptions.tokenNotFound.value));
  if (target.id === caller.id && mock.assumptions.rotateSelf.value === 'refused') {
    return reject(request, 'regenerate', target, undefined, errorFor(mock.assumptions.insufficientPermissions.value));
  }
  if (!mock.hooks.mayRotate(target, true)) {
    return reject(
      request,
      'regenerate',
      target,
      undefined,
      apiError(mock.assumptions.nonEditableStatus.value, 'NON_EDITABLE_ACCESS_TOKEN'),
    );
  }
  const previousSecret = target.secret;
  target.secret = newSecret(mock.store.random);
  mock.hooks.afterRotate(target, previousSecret, mock.store);
  return ok({ data: render(request, target) });
}

function render(request: CmaRequest, token: TokenRecord) {
  const reveal = request.mock.hooks.revealSecret(request.caller, request.capabilities.manageTokens);
  return tokenResource(token, reveal, request.now, representation(request.mock));
}

const stored = (request: CmaRequest, name: string): string =>
  storedName(name, request.mock.assumptions.paddedName.value, request.mock.assumptions.nameNormalization.value);

function lookup(request: CmaRequest, body?: unknown): TokenRecord | undefined {
  const { store, hooks } = request.mock;
  const id = request.params.access_token_id ?? '';
  return hooks.findToken(id, store.tokens.get(id), store, body);
}

function refuseReadWithoutPermission(request: CmaRequest): MockResponse | undefined {
  const { assumptions } = request.mock;
  if (request.capabilities.manageTokens || assumptions.readWithoutManagePermission.value !== 'refused')
    return undefined;
  return errorFor(assumptions.insufficientPermissions.value);
}

function refusalOfMutation(request: CmaRequest, action: TokenAction, target: TokenRecord | undefined) {
  const { mock, caller, capabilities } = request;
  // A server that does not check the permission before an update or a rotation (`manageTokensToUpdate`).
  // CMA access itself was checked when the caller was authenticated.
  const unchecked =
    (action === 'update' || action === 'regenerate') && mock.assumptions.manageTokensToUpdate.value === 'allowed';
  return mock.hooks.mayManageTokens(caller, capabilities.manageTokens || unchecked, action, target)
    ? undefined
    : errorFor(mock.assumptions.insufficientPermissions.value);
}

function refuseMutation(request: CmaRequest, action: TokenAction, target: TokenRecord | undefined) {
  const refusal = refusalOfMutation(request, action, target);
  return refusal && reject(request, action, target, parseQuietly(request.rawBody), refusal);
}

/**
 * Value rules the schema cannot express: a name the server will not store (`self`: the token that
 * will bear it), a role that does not exist.
 */
function invalidValues(
  request: CmaRequest,
  name: string,
  roleId: string | null,
  self?: TokenRecord,
): MockResponse | undefined {
  const { store, assumptions, hooks } = request.mock;
  const invalidName = (code: string) => apiError(422, 'INVALID_FIELD', { field: 'name', code });
  if (assumptions.blankName.value === 'rejected' && isBlankName(name)) return invalidName('VALIDATION_REQUIRED');
  if (overLimit(assumptions.nameLengthLimit.value, name)) return invalidName('VALIDATION_LENGTH');
  if (assumptions.nameControlCharacters.value === 'refused' && hasOddCharacters(name))
    return invalidName('VALIDATION_FORMAT');
  if (assumptions.uniqueNames.value === 'enforced') {
    const taken = [...store.tokens.values()].some((t) => t !== self && t.name === stored(request, name));
    if (taken) return invalidName('VALIDATION_UNIQUENESS');
  }
  if (roleId !== null && !hooks.findRole(roleId, store.roles.get(roleId), store))
    return errorFor(assumptions.unknownRole.value);
  return undefined;
}

function reject(
  request: CmaRequest,
  action: TokenAction,
  target: TokenRecord | undefined,
  body: unknown,
  error: MockResponse,
): MockResponse {
  return request.mock.hooks.reject({ store: request.mock.store, action, target, body }, error);
}
