// npm run pact:publish — publishes contracts/pacts to the Pact Broker of PACT_BROKER_BASE_URL with the
// real pact-broker CLI: consumer version = git SHA, branch = git branch.
import { brokerFromEnv, gitBranch, gitSha, runPactCli } from './broker.ts';
import { PACT_DIR } from './pact.ts';

function fail(message: string): never {
  process.stderr.write(`pact:publish: ${message}\n`);
  process.exit(2);
}

const broker =
  brokerFromEnv(process.env) ??
  fail('PACT_BROKER_BASE_URL is not set (and PACT_BROKER_TOKEN, or _USERNAME and _PASSWORD)');
const version =
  process.env.PACT_CONSUMER_VERSION ||
  gitSha() ||
  fail('no git SHA to version the pacts with: set PACT_CONSUMER_VERSION');
const branch = gitBranch(process.env);
const args = ['publish', PACT_DIR, '--consumer-app-version', version, ...(branch ? ['--branch', branch] : [])];
process.stdout.write(`publishing ${PACT_DIR} to ${broker.url} as version ${version}${branch ? ` on ${branch}` : ''}\n`);
runPactCli('pact-broker', args);
