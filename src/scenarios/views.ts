import { isPlainObject, TOKEN_ATTRIBUTES, type LastAccess, type TokenFlags } from '../spec/index.ts';
import type { Exchange } from '../target/index.ts';

/**
 * What the suite knows of one token at one moment. The token's attributes keep the API's names;
 * what is derived is named by the suite: `roleId` (from `relationships.role`) and `secret` (the
 * redacted fingerprint of `attributes.token`).
 */
export interface TokenView extends TokenFlags {
  id: string;
  name: string;
  roleId: string | null;
  hardcoded_type: string | null;
  last_cma_access: LastAccess;
  last_cda_access: LastAccess;
  secret: string | null;
}

export interface Snapshot {
  exchange: Exchange;
  tokens: TokenView[];
  /**
   * The tokens whose state the run can vouch for (undefined: all). On a shared project other
   * people's tokens may change at any time; only the run's own are compared.
   */
  watched: ReadonlySet<string> | undefined;
}

/** The token of a JSON:API resource, or undefined when the value is not one. */
export function tokenView(resource: unknown): TokenView | undefined {
  if (!isPlainObject(resource) || resource.type !== 'access_token' || typeof resource.id !== 'string') return undefined;
  const attributes = isPlainObject(resource.attributes) ? resource.attributes : {};
  const relationships = isPlainObject(resource.relationships) ? resource.relationships : {};
  const role =
    isPlainObject(relationships.role) && isPlainObject(relationships.role.data) ? relationships.role.data : undefined;
  return {
    id: resource.id,
    name: attributes.name as string,
    can_access_cda: attributes.can_access_cda as boolean,
    can_access_cda_preview: attributes.can_access_cda_preview as boolean,
    can_access_cma: attributes.can_access_cma as boolean,
    roleId: role && typeof role.id === 'string' ? role.id : null,
    hardcoded_type: (attributes.hardcoded_type as string | null) ?? null,
    last_cma_access: attributes.last_cma_access as LastAccess,
    last_cda_access: attributes.last_cda_access as LastAccess,
    secret: typeof attributes.token === 'string' ? attributes.token : null,
  };
}

/** The token in a single-resource response (`{data: {...}}`). */
export function viewOf(exchange: Exchange): TokenView | undefined {
  const body = exchange.response.body;
  return exchange.response.status === 200 && isPlainObject(body) ? tokenView(body.data) : undefined;
}

/** The id of the resource of this type that a 2xx answer to a creation names (201 or 200). */
export function createdIdOf(exchange: Exchange, type: string): string | undefined {
  const { status, body } = exchange.response;
  if (status < 200 || status >= 300 || !isPlainObject(body) || !isPlainObject(body.data)) return undefined;
  return body.data.type === type && typeof body.data.id === 'string' ? body.data.id : undefined;
}

/** The tokens in a list response (`{data: [...]}`). */
export function viewsOf(exchange: Exchange): TokenView[] {
  const body = exchange.response.body;
  if (!isPlainObject(body) || !Array.isArray(body.data)) return [];
  return body.data.map(tokenView).filter((view): view is TokenView => view !== undefined);
}

/** The state an update writes: the four attributes and the role. */
export type WritableState = Pick<TokenView, (typeof TOKEN_ATTRIBUTES)[number] | 'roleId'>;

/** Whether two tokens (or a token and the state it was given) agree on everything an update writes. */
export const sameWritableState = (a: WritableState, b: WritableState): boolean =>
  a.roleId === b.roleId && TOKEN_ATTRIBUTES.every((field) => a[field] === b[field]);
