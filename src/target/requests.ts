import { isPlainObject, type TokenFlags, type WritableTokenAttributes } from '../spec/index.ts';
import type { ResourceKind } from './ledger.ts';
import type { CmaCall, Credential, Exchange } from './types.ts';

const as = (credential: Credential | undefined) => (credential ? { credential } : {});
const roleLinkage = (roleId: string | null | undefined) =>
  roleId ? { relationships: { role: { data: { type: 'role', id: roleId } } } } : {};

/** The CMA calls the suite makes, built in one place: what the Pact consumer contracts pin. */
export const cmaCalls = {
  listTokens: (): CmaCall => ({ method: 'GET', path: '/access_tokens' }),
  findToken: (id: string, credential?: Credential): CmaCall => ({
    method: 'GET',
    path: `/access_tokens/${id}`,
    ...as(credential),
  }),
  createToken: (attributes: WritableTokenAttributes, roleId: string): CmaCall => ({
    method: 'POST',
    path: '/access_tokens',
    body: { data: { type: 'access_token', attributes, ...roleLinkage(roleId) } },
  }),
  /** A valid update: the four attributes, and `relationships.role` only when a role is given. */
  updateToken: (id: string, attributes: WritableTokenAttributes, roleId?: string | null): CmaCall => ({
    operationId: 'updateAccessToken',
    method: 'PUT',
    path: `/access_tokens/${id}`,
    body: { data: { type: 'access_token', id, attributes, ...roleLinkage(roleId) } },
  }),
  rotateToken: (id: string): CmaCall => ({
    operationId: 'regenerateAccessToken',
    method: 'POST',
    path: `/access_tokens/${id}/regenerate_token`,
  }),
  listRoles: (): CmaCall => ({ operationId: 'listRoles', method: 'GET', path: '/roles' }),
  findRole: (id: string): CmaCall => ({ method: 'GET', path: `/roles/${id}` }),
  createRole: (name: string, permissions: Record<string, boolean | string>): CmaCall => ({
    operationId: 'createRole',
    method: 'POST',
    path: '/roles',
    body: { data: { type: 'role', attributes: { name, ...permissions } } },
  }),
  remove: (kind: ResourceKind, id: string): CmaCall => ({
    purpose: 'cleanup',
    method: 'DELETE',
    path: kind === 'role' ? `/roles/${id}` : `/access_tokens/${id}`,
  }),
  /** The CMA probe: any token with CMA access may read the site. */
  site: (credential?: Credential): CmaCall => ({ method: 'GET', path: '/site', ...as(credential) }),
};

export const ALL_SURFACES: TokenFlags = { can_access_cda: true, can_access_cda_preview: true, can_access_cma: true };

/** A token or role as a listing names it. */
export interface ListedResource {
  id: string;
  name: string;
}

/**
 * The resources a listing (`GET /access_tokens`, `GET /roles`) names, with their ids: undefined
 * when the answer is no listing, which proves nothing about what exists. Entries without an id or
 * a name are left out (they cannot be proven anyone's).
 */
export function listedResources(exchange: Exchange): ListedResource[] | undefined {
  const { status, body } = exchange.response;
  if (status !== 200 || !isPlainObject(body) || !Array.isArray(body.data)) return undefined;
  return (body.data as unknown[]).flatMap((r) =>
    isPlainObject(r) && typeof r.id === 'string' && isPlainObject(r.attributes) && typeof r.attributes.name === 'string'
      ? [{ id: r.id, name: r.attributes.name }]
      : [],
  );
}
