import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { Target } from '../../src/target/index.ts';
import { PACT_FILE, PROVIDER } from '../pact.ts';
import { stateHandlers } from './states.ts';

type Broker = Pick<
  VerifierOptions,
  | 'pactBrokerUrl'
  | 'pactBrokerToken'
  | 'pactBrokerUsername'
  | 'pactBrokerPassword'
  | 'publishVerificationResult'
  | 'providerVersion'
  | 'providerVersionBranch'
  | 'consumerVersionSelectors'
  | 'enablePending'
  | 'includeWipPactsSince'
  | 'buildUrl'
>;

/**
 * Replays the pacts against the target through its gateway, which signs each request — with the
 * suite's own credential, or, for a `Bearer token-<id>` reference a provider state returned, with
 * that token's — and hides every secret from the verifier: none can reach a mismatch report.
 */
export async function verifyPacts(target: Target, broker?: Broker): Promise<string> {
  const states = stateHandlers(target);
  const gateway = await target.gateway({ unownedWrite: states.noOpWrite });
  const verifier = new Verifier({
    provider: PROVIDER,
    providerBaseUrl: gateway.url,
    ...(broker ? broker : { pactUrls: [PACT_FILE] }),
    stateHandlers: states.handlers,
    logLevel: 'warn',
    timeout: 60_000,
  });
  try {
    return await verifier.verifyProvider();
  } finally {
    await gateway.close();
  }
}
