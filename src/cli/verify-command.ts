import { Command, InvalidArgumentError, Option } from 'commander';
import { isPlainObject } from '../spec/index.ts';
import { PROVIDER_STATES_VERSION } from '../verify/index.ts';
import { collect, positiveInteger } from './options.ts';
import { verify, type VerifyFlags } from './verify.ts';

const SELECTOR_KEYS: Record<string, 'boolean' | 'string'> = {
  mainBranch: 'boolean',
  matchingBranch: 'boolean',
  deployedOrReleased: 'boolean',
  deployed: 'boolean',
  released: 'boolean',
  latest: 'boolean',
  branch: 'string',
  environment: 'string',
  consumer: 'string',
  tag: 'string',
  fallbackTag: 'string',
};

/** A consumer version selector, as JSON (`{"branch":"main"}`), with the Pact Broker's keys only. */
function selector(value: string, previous: Record<string, string | boolean>[]): Record<string, string | boolean>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('expected a JSON object, e.g. {"mainBranch":true}');
  }
  if (!isPlainObject(parsed) || Object.keys(parsed).length === 0)
    throw new InvalidArgumentError('expected a non-empty JSON object, e.g. {"mainBranch":true}');
  for (const [key, v] of Object.entries(parsed))
    if (SELECTOR_KEYS[key] === undefined || typeof v !== SELECTOR_KEYS[key])
      throw new InvalidArgumentError(
        `"${key}" is not a selector key of that type (${Object.keys(SELECTOR_KEYS).join(', ')})`,
      );
  return [...previous, parsed as Record<string, string | boolean>];
}

export function verifyCommand(done: (code: number) => void): Command {
  return new Command('verify')
    .description(
      `verify consumers' pacts against the mock or staging, with the provider states of ${PROVIDER_STATES_VERSION}`,
    )
    .option('--pact <file...>', 'pact files to verify')
    .option(
      '--broker-url <url>',
      'verify the pacts a Pact Broker selects (credentials: PACT_BROKER_TOKEN, or _USERNAME and _PASSWORD)',
    )
    .option('--consumer <name>', 'only the pacts of this consumer (repeatable)', collect, [])
    .option(
      '--selector <json>',
      'a consumer version selector (repeatable; default: main branch, deployed or released)',
      selector,
      [],
    )
    .option('--no-pending', 'fail on pending pacts too (pending is on by default)')
    .option('--include-wip-since <date>', 'also verify work-in-progress pacts published since this date')
    .addOption(
      new Option('--target <target>', 'the embedded mock, or a remote project from DATOCMS_* variables')
        .choices(['mock', 'staging'])
        .default('mock'),
    )
    .option('--provider-name <name>', 'the provider the pacts name', 'datocms-cma')
    .option('--publish', 'publish the results to the broker', false)
    .option('--provider-version <version>', 'the provider version published (default: cma-v3+<date of the run>)')
    .option('--provider-branch <branch>', 'the provider branch published with the version')
    .option('--build-url <url>', 'a link to the CI build, published with the results')
    .option(
      '--rate-limit <n>',
      "staging: the project's CMA rate limit, requests per 3 s (half is used)",
      positiveInteger,
      60,
    )
    .option('--ledger-dir <dir>', 'where the ownership ledger of a staging run is kept', '.token-contract')
    .addHelpText(
      'after',
      `
Provider states: docs/provider-states.md (${PROVIDER_STATES_VERSION}). What they create is named
tc-<runid>-pact-… and removed after each interaction and at the end, even when verification fails.

Exit codes: 0 every interaction passed; 1 an interaction failed (pending pacts excepted); 2 usage
or configuration; 3 nothing was verified (the broker, the pacts or the target failed); 70 a
defect of token-contract itself; 130 interrupted (Ctrl-C: what the states created is
removed first, then the process ends by the signal).`,
    )
    .action(async (flags: VerifyFlags, command: Command) => done(await verify(flags, command, process.env)));
}
