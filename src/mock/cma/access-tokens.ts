import { errorFor, notFound, ok, apiError, type MockResponse } from '../responses.ts';
import type { CmaRequest } from '../context.ts';
import type { TokenAction, TokenChange } from '../hooks.ts';
import { newSecret, type TokenRecord } from '../store.ts';
import { tokenResource } from '../serialize.ts';
import { isBlankName, storedName } from '../../spec/index.ts';
import { parseQuietly, readBody } from './body.ts';

type Json = Record<string, unknown>;

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
  return token ? ok({ data: render(request, token) }) : notFound();
}

export function createToken(request: CmaRequest): MockResponse {
  const { mock } = request;
  const refused = refuseMutation(request, 'create', undefined);
  if (refused) return refused;
  const read = readBody(request, 'createAccessToken');
  if (!read.ok) return reject(request, 'create', undefined, read.parsed, read.error);
  const data = read.body.data as Json;
  const attributes = data.attributes as Json;
  const roleId = ((data.relationships as Json).role as { data: { id: string } }).data.id;
  const invalid = invalidValues(request, attributes, roleId);
  if (invalid) return reject(request, 'create', undefined, read.body, invalid);
  const token = mock.store.addToken({
    name: storedName(attributes.name as string, mock.assumptions.paddedName.value),
    can_access_cda: attributes.can_access_cda as boolean,
    can_access_cda_preview: attributes.can_access_cda_preview as boolean,
    can_access_cma: attributes.can_access_cma as boolean,
    roleId,
    hardcodedType: null,
  });
  return ok({ data: render(request, token) }, mock.assumptions.createStatus.value);
}

export async function updateToken(request: CmaRequest): Promise<MockResponse> {
  const { mock } = request;
  const target = lookup(request, parseQuietly(request.rawBody));
  const refused = refuseMutation(request, 'update', target);
  if (refused) return refused;
  if (!target) return reject(request, 'update', undefined, parseQuietly(request.rawBody), notFound());
  if (target.hardcodedType !== null && !mock.hooks.editable(target, false)) {
    const error = apiError(mock.assumptions.nonEditableStatus.value, 'NON_EDITABLE_ACCESS_TOKEN');
    return reject(request, 'update', target, parseQuietly(request.rawBody), error);
  }
  const read = readBody(request, 'updateAccessToken');
  if (!read.ok) return reject(request, 'update', target, read.parsed, read.error);
  const data = read.body.data as Json;
  const attributes = data.attributes as Json;
  const relationships = data.relationships as { role: { data: { id: string } | null } } | undefined;
  if (data.id !== target.id) {
    const error = errorFor(mock.assumptions.bodyIdMismatch.value, {
      messages: [`#/data/id: must be ${JSON.stringify(target.id)} (the id in the URL).`],
    });
    return reject(request, 'update', target, read.body, error);
  }
  const roleId = relationships ? (relationships.role.data?.id ?? null) : target.roleId;
  const invalid = invalidValues(request, attributes, relationships ? roleId : null);
  if (invalid) return reject(request, 'update', target, read.body, invalid);

  const { id: _id, ...current } = target;
  const requested: TokenChange = {
    ...current,
    name: storedName(attributes.name as string, mock.assumptions.paddedName.value),
    can_access_cda: attributes.can_access_cda as boolean,
    can_access_cda_preview: attributes.can_access_cda_preview as boolean,
    can_access_cma: attributes.can_access_cma as boolean,
    roleId,
  };
  const before = { ...target };
  await mock.hooks.writeUpdate(target, mock.hooks.planUpdate(target, requested, read.body, mock.store));
  mock.hooks.afterUpdate({ store: mock.store, before, after: target, render: (t) => render(request, t) });
  return ok({ data: render(request, target) });
}

export function destroyToken(request: CmaRequest): MockResponse {
  const { mock, caller, query } = request;
  const target = lookup(request);
  const refused = refuseMutation(request, 'destroy', target);
  if (refused) return refused;
  if (!target) return reject(request, 'destroy', undefined, undefined, notFound());
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
  if (!target) return reject(request, 'regenerate', undefined, undefined, notFound());
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
  target.secret = newSecret();
  mock.hooks.afterRotate(target, previousSecret, mock.store);
  return ok({ data: render(request, target) });
}

function render(request: CmaRequest, token: TokenRecord) {
  const reveal = request.mock.hooks.revealSecret(request.caller, request.capabilities.manageTokens);
  return tokenResource(token, reveal, request.now);
}

function lookup(request: CmaRequest, body?: unknown): TokenRecord | undefined {
  const { store, hooks } = request.mock;
  const id = request.params.access_token_id ?? '';
  return hooks.findToken(id, store.tokens.get(id), store, body);
}

function refuseReadWithoutPermission(request: CmaRequest): MockResponse | undefined {
  const { assumptions } = request.mock;
  if (request.capabilities.manageTokens || assumptions.readWithoutManagePermission.value === 'token-null')
    return undefined;
  return errorFor(assumptions.insufficientPermissions.value);
}

function refuseMutation(
  request: CmaRequest,
  action: TokenAction,
  target: TokenRecord | undefined,
): MockResponse | undefined {
  const { mock, caller, capabilities } = request;
  if (mock.hooks.mayManageTokens(caller, capabilities.manageTokens, action, target)) return undefined;
  return reject(
    request,
    action,
    target,
    parseQuietly(request.rawBody),
    errorFor(mock.assumptions.insufficientPermissions.value),
  );
}

/** Value rules the schema cannot express: a blank name, a role that does not exist. */
function invalidValues(request: CmaRequest, attributes: Json, roleId: string | null): MockResponse | undefined {
  const { store, assumptions } = request.mock;
  if (assumptions.blankName.value === 'rejected' && isBlankName(attributes.name as string)) {
    return apiError(422, 'INVALID_FIELD', { field: 'name', code: 'VALIDATION_REQUIRED' });
  }
  if (roleId !== null && !store.roles.has(roleId)) return errorFor(assumptions.unknownRole.value);
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
