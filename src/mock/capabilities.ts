import type { Assumptions } from '../spec/index.ts';
import type { RoleFlagName, Store, TokenRecord } from './store.ts';

/** What a token may do right now: the intersection of its surface flags and its role. */
export interface Capabilities {
  cma: boolean;
  cdaPublished: boolean;
  cdaDrafts: boolean;
  manageTokens: boolean;
  manageRoles: boolean;
  /** What the role alone says about managing API tokens (before the can_access_cma flag). */
  roleManagesTokens: boolean;
}

export function capabilitiesOf(token: TokenRecord, store: Store, assumptions: Assumptions): Capabilities {
  const role = token.roleId === null ? undefined : store.roles.get(token.roleId);
  // A factory token without a role is the legacy full-access token.
  const roleAllows = (flag: RoleFlagName) => (role ? role.flags[flag] : token.hardcodedType !== null);
  return {
    cma: token.can_access_cma,
    cdaPublished: token.can_access_cda || (assumptions.previewFlagReadsPublished.value && token.can_access_cda_preview),
    cdaDrafts: token.can_access_cda_preview,
    manageTokens: token.can_access_cma && roleAllows('can_manage_access_tokens'),
    manageRoles: token.can_access_cma && roleAllows('can_manage_users'),
    roleManagesTokens: roleAllows('can_manage_access_tokens'),
  };
}
