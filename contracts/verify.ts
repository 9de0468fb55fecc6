// npm run pact:verify — provider verification: the pacts of contracts/pacts against the embedded mock,
// or a remote project (TOKEN_CONTRACT_TARGET=staging). With PACT_BROKER_BASE_URL, the pacts come from the
// broker (main branch, and deployed or released), and the results are published back.
import { embeddedTarget } from '../src/embedded/index.ts';
import { remoteConfigFromEnv, remoteTarget } from '../src/target/index.ts';
import { brokerFromEnv, gitBranch, gitSha } from './broker.ts';
import { verifyPacts } from '../src/verify/index.ts';
import { PACT_FILE, PROVIDER } from './pact.ts';

const broker = brokerFromEnv(process.env);
const target =
  process.env.TOKEN_CONTRACT_TARGET === 'staging'
    ? await remoteTarget(remoteConfigFromEnv(process.env))
    : await embeddedTarget();
const providerVersion = process.env.PACT_PROVIDER_VERSION || gitSha() || 'unknown';
const providerVersionBranch = process.env.PACT_PROVIDER_BRANCH || gitBranch(process.env);
let code = 0;
try {
  await verifyPacts(target, {
    providerName: PROVIDER,
    consumers: [],
    source: broker
      ? {
          kind: 'broker',
          ...broker,
          consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
          enablePending: true,
          includeWipPactsSince: process.env.PACT_INCLUDE_WIP_PACTS_SINCE || '2026-01-01',
        }
      : { kind: 'files', files: [PACT_FILE] },
    ...(broker
      ? { publish: { providerVersion, providerVersionBranch, buildUrl: process.env.BUILD_URL || undefined } }
      : {}),
  });
  process.stdout.write(
    `pact:verify: every interaction verified against ${target.info.label}${broker ? `; results published to ${broker.url}` : ''}\n`,
  );
} catch {
  // The verifier has printed the mismatches.
  process.stderr.write(
    `pact:verify: verification failed against ${target.info.label}${broker ? ' (published as failed)' : ''}\n`,
  );
  code = 1;
} finally {
  await target.close();
}
process.exit(code);
