// Wire shapes of the resources the suite reads (JSON:API, as the CMA sends them).

/** The three surface flags, and the four attributes an update writes: the one list of each. */
export const TOKEN_FLAGS = ['can_access_cda', 'can_access_cda_preview', 'can_access_cma'] as const;
export const TOKEN_ATTRIBUTES = ['name', ...TOKEN_FLAGS] as const;
export const LAST_ACCESS = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'never',
] as const;

export type LastAccess = (typeof LAST_ACCESS)[number];

export interface TokenFlags {
  can_access_cda: boolean;
  can_access_cda_preview: boolean;
  can_access_cma: boolean;
}

export interface WritableTokenAttributes extends TokenFlags {
  name: string;
}

export interface RoleData {
  type: 'role';
  id: string;
}

export interface AccessTokenResource {
  type: 'access_token';
  id: string;
  attributes: WritableTokenAttributes & {
    token?: string | null;
    hardcoded_type: string | null;
    last_cma_access: LastAccess;
    last_cda_access: LastAccess;
  };
  relationships: { role: { data: RoleData | null } };
}

export interface AccessTokenUpdateBody {
  data: {
    type: 'access_token';
    id: string;
    attributes: WritableTokenAttributes;
    relationships?: { role: { data: RoleData } };
  };
}

export interface AccessTokenCreateBody {
  data: {
    type: 'access_token';
    attributes: WritableTokenAttributes;
    relationships: { role: { data: RoleData } };
  };
}

export interface RoleResource {
  type: 'role';
  id: string;
  attributes: { name: string; can_manage_access_tokens: boolean; [flag: string]: unknown };
}
