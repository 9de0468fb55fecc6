// npm run pact:publish-provider — PactFlow's bi-directional contract testing: publishes the OpenAPI
// fragment as the provider contract of datocms-cma, with the last fuzz campaign against the provider
// (reports/results.json and its JUnit) as the verification evidence, using the real `pactflow` CLI.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RESULTS_SCHEMA, type ResultsDocument } from '../src/report/index.ts';
import { remoteConfigFromEnv, remoteTarget } from '../src/target/index.ts';
import { gitBranch, requiredBroker, requiredVersion, runPactCli, stopper, type Stop } from './broker.ts';
import { PROVIDER } from './pact.ts';

const SPEC = resolve('spec/cma.openapi.yaml');

const fail: Stop = stopper('pact:publish-provider');

const at = process.argv.indexOf('--report-dir');
const reportDir = resolve(at >= 0 ? (process.argv[at + 1] ?? fail('--report-dir needs a directory')) : 'reports');
const resultsPath = join(reportDir, 'results.json');
const junitPath = join(reportDir, 'junit.xml');
if (!existsSync(resultsPath) || !existsSync(junitPath))
  fail(`no campaign in ${reportDir}: run \`npm run fuzz -- --target staging\` first`);
let results: ResultsDocument;
try {
  results = JSON.parse(readFileSync(resultsPath, 'utf8')) as ResultsDocument;
} catch {
  fail(`${resultsPath} is not JSON`);
}
if (results.schema !== RESULTS_SCHEMA) fail(`${resultsPath} is not a ${RESULTS_SCHEMA} document`);
// Evidence about the embedded mock says nothing about DatoCMS.
if (results.target.kind !== 'remote')
  fail(
    `${resultsPath} is a campaign against the ${results.target.label}: the evidence must come from the provider (--target staging)`,
  );
if (process.env.DATOCMS_API_TOKEN) {
  // The target only to search for its credential: it sends nothing.
  const target = await remoteTarget(remoteConfigFromEnv(process.env));
  const leaks = target.findLeaks([reportDir]);
  await target.close();
  if (leaks.length > 0) fail(`${reportDir} holds the API token: nothing was published`);
}

const broker = requiredBroker(fail);
const version = requiredVersion('PACT_PROVIDER_VERSION', 'the provider contract', fail);
const branch = process.env.PACT_PROVIDER_BRANCH || gitBranch(process.env);
const verified = results.summary.violated === 0 && results.summary.errors === 0;
const args = [
  'publish-provider-contract',
  SPEC,
  '--provider',
  PROVIDER,
  '--provider-app-version',
  version,
  ...(branch ? ['--branch', branch] : []),
  ...(process.env.BUILD_URL ? ['--build-url', process.env.BUILD_URL] : []),
  '--content-type',
  'application/yaml',
  verified ? '--verification-success' : '--no-verification-success',
  '--verification-results',
  junitPath,
  '--verification-results-content-type',
  'application/xml',
  '--verification-results-format',
  'junit',
  '--verifier',
  results.tool.name,
  '--verifier-version',
  results.tool.version,
];
process.stdout.write(
  `publishing the provider contract of ${PROVIDER} to ${broker.url} as version ${version}` +
    `${branch ? ` on ${branch}` : ''}, verification ${verified ? 'passed' : 'failed'} (${results.target.label})\n`,
);
runPactCli('pactflow', args);
