// Provider verification of any consumer's pacts: the documented provider states, set up on the
// target, and the Pact Verifier replaying the pacts through the target's gateway.
export { PROVIDER_STATES, PROVIDER_STATES_VERSION, type ProviderStateKey, type StateParams } from './catalogue.ts';
export { removeOwned } from '../scenarios/index.ts';
export { rejectionOf, type Rejection } from './outcome.ts';
export { checkPactFile, PactFileError } from './pact-file.ts';
export { defaultProviderVersion } from './provider-version.ts';
export { loadPact, verifyPacts, type PactSource, type VerifyOptions } from './verifier.ts';
