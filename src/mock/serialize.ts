import type { AccessTokenResource, RoleResource } from '../spec/index.ts';
import type { MockContext } from './context.ts';
import { lastAccessBucket, type RoleRecord, type SiteRecord, type Store, type TokenRecord } from './store.ts';

/** How this server writes a token, where the documentation leaves the form open. */
export interface Representation {
  /** What a caller that may not see secrets gets: `token: null`, or no key at all. */
  hiddenSecret: 'null' | 'omitted';
  /** The timezone "today" and "this week" are counted in (undefined: UTC). */
  timeZone: string | undefined;
  /** Whether resources carry the members JSON:API allows beyond the documented ones. */
  extended: boolean;
}

export function representation(mock: MockContext): Representation {
  const { assumptions, store } = mock;
  return {
    hiddenSecret: assumptions.readWithoutManagePermission.value === 'token-omitted' ? 'omitted' : 'null',
    timeZone: assumptions.lastAccessClock.value === 'UTC' ? undefined : store.site.timezone,
    extended: assumptions.responseMembers.value === 'extended',
  };
}

export function tokenResource(
  token: TokenRecord,
  revealSecret: boolean,
  now: number,
  form: Representation,
): AccessTokenResource {
  const secret = revealSecret ? { token: token.secret } : form.hiddenSecret === 'null' ? { token: null } : {};
  const linkage =
    token.roleId === null ? null : { type: 'role' as const, id: token.roleId, ...(form.extended ? { meta: {} } : {}) };
  return {
    type: 'access_token',
    id: token.id,
    attributes: {
      name: token.name,
      ...secret,
      can_access_cda: token.can_access_cda,
      can_access_cda_preview: token.can_access_cda_preview,
      can_access_cma: token.can_access_cma,
      hardcoded_type: token.hardcodedType,
      last_cma_access: lastAccessBucket(token.lastCmaAccessAt, now, form.timeZone),
      last_cda_access: lastAccessBucket(token.lastCdaAccessAt, now, form.timeZone),
      // An attribute a newer API might add.
      ...(form.extended ? { expires_at: null } : {}),
    },
    relationships: { role: { data: linkage } },
    ...(form.extended ? { links: { self: `/access_tokens/${token.id}` }, meta: {} } : {}),
  };
}

const PERMISSION_LISTS = [
  'positive_item_type_permissions',
  'negative_item_type_permissions',
  'positive_upload_permissions',
  'negative_upload_permissions',
  'positive_build_trigger_permissions',
  'negative_build_trigger_permissions',
  'positive_search_index_permissions',
  'negative_search_index_permissions',
] as const;

export function roleResource(role: RoleRecord): RoleResource & Record<string, unknown> {
  const permissions = {
    ...role.flags,
    environments_access: role.environmentsAccess,
    ...Object.fromEntries(PERMISSION_LISTS.map((list) => [list, []])),
  };
  return {
    type: 'role',
    id: role.id,
    attributes: { name: role.name, ...permissions },
    relationships: {
      inherits_permissions_from: { data: role.inheritsFrom.map((id) => ({ type: 'role', id })) },
    },
    meta: { final_permissions: permissions },
  };
}

export function siteResource(site: SiteRecord, store: Store): Record<string, unknown> {
  return {
    type: 'site',
    id: site.id,
    attributes: {
      name: site.name,
      domain: null,
      internal_domain: site.internalDomain,
      locales: site.locales,
      timezone: site.timezone,
      no_index: false,
      favicon: null,
      last_data_change_at: site.createdAt,
      require_2fa: false,
      ip_tracking_enabled: false,
      force_use_of_sandbox_environments: false,
      google_maps_api_token: null,
      imgix_host: 'www.datocms-assets.com',
      global_seo: null,
    },
    relationships: {
      account: { data: { type: 'account', id: '1' } },
      owner: { data: { type: 'account', id: '1' } },
      item_types: { data: [{ type: 'item_type', id: String(store.articles.length) }] },
    },
    meta: { created_at: site.createdAt, draft_mode_default: false },
  };
}
