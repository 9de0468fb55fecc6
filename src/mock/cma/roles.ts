import type { CmaRequest } from '../context.ts';
import { apiError, errorFor, notFound, ok, type MockResponse } from '../responses.ts';
import { roleResource } from '../serialize.ts';
import { ROLE_FLAGS, type RoleFlagName, type RoleRecord } from '../store.ts';
import { isBlankName } from '../../spec/index.ts';
import { readBody } from './body.ts';

export function listRoles(request: CmaRequest): MockResponse {
  return ok({ data: [...request.mock.store.roles.values()].map(roleResource) });
}

export function findRole(request: CmaRequest): MockResponse {
  const role = request.mock.store.roles.get(request.params.role_id ?? '');
  return role ? ok({ data: roleResource(role) }) : notFound();
}

export function createRole(request: CmaRequest): MockResponse {
  const { mock } = request;
  if (!request.capabilities.manageRoles) return errorFor(mock.assumptions.insufficientPermissions.value);
  const read = readBody(request, 'createRole');
  if (!read.ok) return read.error;
  const data = read.body.data as {
    attributes: Record<string, unknown>;
    relationships?: { inherits_permissions_from?: { data: { id: string }[] } };
  };
  const { name, environments_access: environmentsAccess } = data.attributes;
  if (isBlankName(name as string))
    return apiError(422, 'INVALID_FIELD', { field: 'name', code: 'VALIDATION_REQUIRED' });
  const parents = data.relationships?.inherits_permissions_from?.data.map((d) => d.id) ?? [];
  if (parents.some((id) => !mock.store.roles.has(id))) return errorFor(mock.assumptions.unknownRole.value);
  const flags: Partial<Record<RoleFlagName, boolean>> = {};
  for (const flag of ROLE_FLAGS)
    if (typeof data.attributes[flag] === 'boolean') flags[flag] = data.attributes[flag] as boolean;
  const role = mock.store.addRole(
    name as string,
    flags,
    (environmentsAccess as RoleRecord['environmentsAccess']) ?? 'all',
  );
  role.inheritsFrom = parents;
  return ok({ data: roleResource(role) }, mock.assumptions.createStatus.value);
}

export function destroyRole(request: CmaRequest): MockResponse {
  const { store, assumptions } = request.mock;
  if (!request.capabilities.manageRoles) return errorFor(assumptions.insufficientPermissions.value);
  const role = store.roles.get(request.params.role_id ?? '');
  if (!role) return notFound();
  const users = [...store.tokens.values()].filter((token) => token.roleId === role.id);
  if (users.length > 0) {
    return errorFor(assumptions.roleInUse.value, { message: `the role is used by ${users.length} API token(s)` });
  }
  store.roles.delete(role.id);
  store.deletedRoles.set(role.id, role);
  for (const other of store.roles.values()) other.inheritsFrom = other.inheritsFrom.filter((id) => id !== role.id);
  return ok({ data: roleResource(role) });
}
