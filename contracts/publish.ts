// npm run pact:publish — publishes contracts/pacts to the Pact Broker of PACT_BROKER_BASE_URL with the
// real pact-broker CLI: consumer version = git SHA, branch = git branch.
import { gitBranch, requiredBroker, requiredVersion, runPactCli, stopper, type Stop } from './broker.ts';
import { PACT_DIR } from './pact.ts';

const fail: Stop = stopper('pact:publish');
const broker = requiredBroker(fail);
const version = requiredVersion('PACT_CONSUMER_VERSION', 'the pacts', fail);
const branch = gitBranch(process.env);
const args = ['publish', PACT_DIR, '--consumer-app-version', version, ...(branch ? ['--branch', branch] : [])];
process.stdout.write(`publishing ${PACT_DIR} to ${broker.url} as version ${version}${branch ? ` on ${branch}` : ''}\n`);
runPactCli('pact-broker', args);
