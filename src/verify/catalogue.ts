/**
 * The provider states a consumer's pact may name, a public interface: `docs/provider-states.md`
 * documents each one, and a test keeps the two alike. A change of a name or of its parameters is
 * a new version, since pacts already published name the old ones.
 */
export const PROVIDER_STATES_VERSION = 'provider-states@1';

export const PROVIDER_STATES = {
  editableToken: { name: 'an editable API token exists', params: ['tokenId', 'roleId'] },
  editableTokenAndOtherRole: {
    name: 'an editable API token and another role exist',
    params: ['tokenId', 'roleId', 'otherRoleId'],
  },
  tokenWithoutCmaAccess: { name: 'an API token without CMA access exists', params: ['tokenId', 'credential'] },
  factoryToken: {
    name: 'a factory token exists',
    params: ['tokenId', 'name', 'can_access_cda', 'can_access_cda_preview', 'can_access_cma'],
  },
  noSuchToken: { name: 'no API token has the given id', params: ['tokenId'] },
  roleWithoutTokenManagement: {
    name: 'a role without can_manage_access_tokens exists',
    params: ['restrictedRoleId', 'restrictedCredential'],
  },
} as const satisfies Record<string, { name: string; params: readonly string[] }>;

export type ProviderStateKey = keyof typeof PROVIDER_STATES;

/** What a state's setup hands the verifier for `fromProviderState`: exactly the documented parameters. */
export type StateParams<K extends ProviderStateKey> = Record<
  (typeof PROVIDER_STATES)[K]['params'][number],
  string | boolean
>;
