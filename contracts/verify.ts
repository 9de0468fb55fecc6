// npm run pact:verify — `token-contract verify` on this repository's own pacts: contracts/pacts against the
// embedded mock, or a remote project (TOKEN_CONTRACT_TARGET=staging). With PACT_BROKER_BASE_URL, the pacts
// come from the broker (main branch, and deployed or released; pending and WIP on), and the results are
// published back as PACT_PROVIDER_VERSION (default: the CMA API version and the day) on PACT_PROVIDER_BRANCH.
import { fileURLToPath } from 'node:url';
import { cloneMain } from '../bin/bundle.js';
import { brokerFromEnv, gitBranch } from './broker.ts';
import { PACT_FILE, PROVIDER } from './pact.ts';

// The CLI as bin/token-contract.js runs it in a clone (bundled, cached): tsx transpiling all of
// src/ file by file would double the script's start-up.
const root = fileURLToPath(new URL('..', import.meta.url));
const main = await cloneMain(root);

const broker = brokerFromEnv(process.env);
const { PACT_PROVIDER_VERSION: version, BUILD_URL: buildUrl } = process.env;
const branch = process.env.PACT_PROVIDER_BRANCH || gitBranch(process.env);
const args = [
  'verify',
  '--provider-name',
  PROVIDER,
  ...(process.env.TOKEN_CONTRACT_TARGET === 'staging' ? ['--target', 'staging'] : []),
  ...(broker
    ? [
        ...['--broker-url', broker.url, '--publish'],
        ...['--include-wip-since', process.env.PACT_INCLUDE_WIP_PACTS_SINCE || '2026-01-01'],
        ...(version ? ['--provider-version', version] : []),
        ...(branch ? ['--provider-branch', branch] : []),
        ...(buildUrl ? ['--build-url', buildUrl] : []),
      ]
    : ['--pact', PACT_FILE]),
];
process.exit(await main(args));
