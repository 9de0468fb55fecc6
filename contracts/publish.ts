// npm run pact:publish — publishes contracts/pacts to the Pact Broker of PACT_BROKER_BASE_URL with the
// real pact-broker CLI: consumer version = git SHA, branch = git branch.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brokerFromEnv, gitBranch, gitSha } from './broker.ts';
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
const cli = join(
  dirname(createRequire(import.meta.url).resolve('@pact-foundation/pact-cli/package.json')),
  'bin',
  'pact-broker.js',
);
const args = ['publish', PACT_DIR, '--consumer-app-version', version, ...(branch ? ['--branch', branch] : [])];
process.stdout.write(`publishing ${PACT_DIR} to ${broker.url} as version ${version}${branch ? ` on ${branch}` : ''}\n`);
const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', env: process.env });
process.exit(result.status ?? 3);
