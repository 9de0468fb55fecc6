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
