import type { AssumedValue } from './assumptions.ts';
import { isPlainObject } from './json-schema.ts';
import { TOKEN_FLAGS, type TokenFlags } from './resources.ts';
import type { SchemaIssue } from './validators.ts';

/** An update (or create) body as sent, read once, whatever its validity: each part where it is of its type. */
export interface TokenBody {
  /** `data.id` as sent (undefined when absent). */
  id: unknown;
  /** `data.attributes`, when it is an object. */
  attributes: Readonly<Record<string, unknown>> | undefined;
  name: string | undefined;
  flags: Partial<TokenFlags>;
  /** Whether `data.relationships` is there at all (omitted: the role is kept). */
  relationships: 'omitted' | 'present';
  /** `data.relationships.role.data` as sent (undefined when absent). */
  linkage: unknown;
  /** The role id the linkage names, when it is a string. */
  roleId: string | undefined;
}

export function readTokenBody(body: unknown): TokenBody {
  const data = isPlainObject(body) && isPlainObject(body.data) ? body.data : {};
  const attributes = isPlainObject(data.attributes) ? data.attributes : undefined;
  const role =
    isPlainObject(data.relationships) && isPlainObject(data.relationships.role) ? data.relationships.role : undefined;
  const linkage = role?.data;
  const flags: Partial<TokenFlags> = {};
  for (const flag of TOKEN_FLAGS) if (typeof attributes?.[flag] === 'boolean') flags[flag] = attributes[flag];
  return {
    id: data.id,
    attributes,
    name: typeof attributes?.name === 'string' ? attributes.name : undefined,
    flags,
    relationships: data.relationships === undefined ? 'omitted' : 'present',
    linkage,
    roleId: isPlainObject(linkage) && typeof linkage.id === 'string' ? linkage.id : undefined,
  };
}

// The objects JSON:API defines in a request document: their unknown members are ones JSON:API tells
// servers to ignore, while the hyperschema closes them. The members of `attributes` and of
// `relationships` are the API's own: an unknown one there is refused either way.
const JSONAPI_OBJECTS = ['', '/data', '/data/relationships/role', '/data/relationships/role/data'];
const IDENTITIES = ['/data/id', '/data/relationships/role/data/id'];

/** The decision points under which a server may let a schema issue pass; undefined: none may. */
export type Waiver = 'jsonApiMembers' | 'emptyIdentity' | 'missingBodyId';

export function waiverOf(issue: SchemaIssue): Waiver | undefined {
  if (issue.keyword === 'additionalProperties' && JSONAPI_OBJECTS.includes(issue.pointer)) return 'jsonApiMembers';
  if (issue.keyword === 'minLength' && IDENTITIES.includes(issue.pointer)) return 'emptyIdentity';
  if (issue.keyword === 'required' && issue.pointer === '/data' && issue.property === 'id') return 'missingBodyId';
  return undefined;
}

/** Whether a server that took this reading of a waiver's point lets its issues pass. */
export const waives = (reading: AssumedValue<Waiver>): boolean =>
  reading === 'ignored' || reading === 'lookup' || reading === 'accepted';
