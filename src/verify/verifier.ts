import type { VerifierOptions } from '@pact-foundation/pact';
import type { Target } from '../target/index.ts';
import { removeOwned } from '../scenarios/index.ts';
import { stateHandlers } from './states.ts';

/** Where the pacts come from: files, or a Pact Broker's pacts-for-verification. */
export type PactSource =
  | { kind: 'files'; files: readonly string[] }
  | {
      kind: 'broker';
      url: string;
      /** From the environment, as the Pact clients read it: never a command-line argument. */
      token: string | undefined;
      username: string | undefined;
      password: string | undefined;
      consumerVersionSelectors: NonNullable<VerifierOptions['consumerVersionSelectors']>;
      enablePending: boolean;
      includeWipPactsSince: string | undefined;
    };

export interface VerifyOptions {
  providerName: string;
  /** Only the pacts of these consumers (all when empty). */
  consumers: readonly string[];
  source: PactSource;
  /** Publish the results to the broker, as this provider version. */
  publish?: { providerVersion: string; providerVersionBranch: string | undefined; buildUrl: string | undefined };
}

function pactOptions(source: PactSource): Partial<VerifierOptions> {
  if (source.kind === 'files') return { pactUrls: [...source.files] };
  return {
    pactBrokerUrl: source.url,
    ...(source.token ? { pactBrokerToken: source.token } : {}),
    ...(source.username ? { pactBrokerUsername: source.username, pactBrokerPassword: source.password ?? '' } : {}),
    consumerVersionSelectors: source.consumerVersionSelectors,
    enablePending: source.enablePending,
    ...(source.includeWipPactsSince ? { includeWipPactsSince: source.includeWipPactsSince } : {}),
  };
}

function publishOptions(publish: VerifyOptions['publish']): Partial<VerifierOptions> {
  if (!publish) return {};
  return {
    publishVerificationResult: true,
    providerVersion: publish.providerVersion,
    ...(publish.providerVersionBranch ? { providerVersionBranch: publish.providerVersionBranch } : {}),
    ...(publish.buildUrl ? { buildUrl: publish.buildUrl } : {}),
  };
}

/** An update changed a factory token, which DatoCMS refuses to update (its `cause`: the Verifier's failure, if any). */
export class FactoryTokenChanged extends Error {
  override readonly name = 'FactoryTokenChanged';
}

/** The Verifier is @pact-foundation/pact's, loaded on use: a project that writes pacts has it installed. */
export const loadPact = (): Promise<typeof import('@pact-foundation/pact')> => import('@pact-foundation/pact');

/**
 * Replays the pacts against the target through its gateway, which signs each request — with the
 * suite's own credential, or, for a `Bearer token-<id>` reference a provider state returned, with
 * that token's — and hides every secret from the verifier: none can reach a mismatch report. What
 * the states created is removed after each interaction, and once more at the end, even on failure.
 * Rejects with the Verifier's error (its message a JSON report) when an interaction fails, or
 * with FactoryTokenChanged.
 */
export async function verifyPacts(target: Target, options: VerifyOptions): Promise<string> {
  const { Verifier } = await loadPact();
  const states = stateHandlers(target);
  const gateway = await target.gateway({
    unownedWrite: states.noOpWrite,
    afterUnownedWrite: states.factoryWriteObjection,
  });
  const verifier = new Verifier({
    provider: options.providerName,
    providerBaseUrl: gateway.url,
    ...pactOptions(options.source),
    ...publishOptions(options.publish),
    ...(options.consumers.length > 0 ? { consumerFilters: [...options.consumers] } : {}),
    stateHandlers: states.handlers,
    logLevel: 'warn',
    timeout: 60_000,
  });
  const factoryTokenChanged = (cause?: unknown) =>
    new FactoryTokenChanged(
      `an update changed the factory token ${[...new Set(states.changedFactoryTokens)].join(', ')} (its values were put back)`,
      { cause },
    );
  try {
    const output = await verifier.verifyProvider().catch((error: unknown) => {
      throw states.changedFactoryTokens.length > 0 ? factoryTokenChanged(error) : error;
    });
    if (states.changedFactoryTokens.length > 0) throw factoryTokenChanged();
    return output;
  } finally {
    await gateway.close();
    await removeOwned(target);
  }
}
