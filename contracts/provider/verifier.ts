import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { Target } from '../../src/target/index.ts';
import { PACT_FILE, PROVIDER } from '../pact.ts';
import { redactingProxy } from './redacting-proxy.ts';
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
 * Replays the pacts against the target, through a proxy that hides secrets from the verifier.
 * Credentials are added by the request filter, never read from a pact: the suite's own
 * credential, or — for `Bearer token-<id>` references a provider state returned — that token's.
 */
export async function verifyPacts(target: Target, broker?: Broker): Promise<string> {
  const proxy = await redactingProxy(target.cmaUrl);
  const verifier = new Verifier({
    provider: PROVIDER,
    providerBaseUrl: proxy.url,
    ...(broker ? broker : { pactUrls: [PACT_FILE] }),
    stateHandlers: stateHandlers(target),
    requestFilter: (
      req: { headers: Record<string, string | string[] | undefined> },
      _res: unknown,
      next: () => void,
    ) => {
      const header = req.headers.authorization;
      const reference = /^Bearer token-(.+)$/.exec(typeof header === 'string' ? header : '')?.[1];
      req.headers.authorization = target.authorization(
        reference ? { kind: 'token', tokenId: reference } : { kind: 'admin' },
      );
      next();
    },
    logLevel: 'warn',
    timeout: 60_000,
  });
  try {
    return await verifier.verifyProvider();
  } finally {
    await proxy.close();
  }
}
