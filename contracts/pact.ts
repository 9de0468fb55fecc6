import { fileURLToPath } from 'node:url';

// Names shared by the consumer contracts, the provider verification, and publishing.
export const CONSUMER = 'token-contract';
export const PROVIDER = 'datocms-cma';
/**
 * The pact, committed: the consumer tests write it anew and fail if it differs (`vitest -u`
 * takes a deliberate change), and verification and publishing read it, whatever ran before.
 */
export const PACT_DIR = fileURLToPath(new URL('./pacts', import.meta.url));
export const PACT_FILE = `${PACT_DIR}/${CONSUMER}-${PROVIDER}.json`;

/** The provider states, each created by a handler of contracts/provider/states.ts. */
export const STATES = {
  ownedToken: 'an API token the suite owns',
  ownedTokenAndOtherRole: 'an API token the suite owns, and another role',
  factoryToken: 'a factory token of the project',
  noSuchToken: 'no API token with the given id',
  tokenWithCmaAccess: 'an API token the suite owns, with CMA access',
  tokenWithoutCmaAccess: 'an API token the suite owns, whose can_access_cma was cleared',
} as const;
