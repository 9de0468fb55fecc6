import { Command, InvalidArgumentError, Option } from 'commander';
import { embeddedTarget } from '../embedded/index.ts';
import { isPlainObject } from '../spec/index.ts';
import { newRunId, politeTransport, remoteConfigFromEnv, remoteTarget, type Target } from '../target/index.ts';
import {
  checkPactFile,
  defaultProviderVersion,
  loadPact,
  PactFileError,
  PROVIDER_STATES_VERSION,
  rejectionOf,
  removeOwned,
  verifyPacts,
  type PactSource,
  type VerifyOptions,
} from '../verify/index.ts';
import { EXIT, UsageError } from './errors.ts';
import { ledgerPathFor } from './fuzz.ts';
import { collect, positiveInteger } from './options.ts';

interface VerifyFlags {
  pact?: string[];
  brokerUrl?: string;
  consumer: string[];
  selector: Record<string, string | boolean>[];
  pending: boolean;
  includeWipSince?: string;
  target: 'mock' | 'staging';
  providerName: string;
  publish: boolean;
  providerVersion?: string;
  providerBranch?: string;
  buildUrl?: string;
  rateLimit: number;
  ledgerDir: string;
}

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
const DEFAULT_SELECTORS = [{ mainBranch: true }, { deployedOrReleased: true }];

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

/** Where the pacts come from, checked before anything starts: files read once, a broker's credentials from the environment. */
function pactSource(flags: VerifyFlags, command: Command, env: NodeJS.ProcessEnv): PactSource {
  if ((flags.pact === undefined) === (flags.brokerUrl === undefined))
    throw new UsageError('give the pacts to verify: --pact FILE… or --broker-url URL (one of them)');
  if (flags.pact) {
    const brokerOnly = ['selector', 'pending', 'includeWipSince', 'publish'].find(
      (name) => command.getOptionValueSource(name) === 'cli',
    );
    if (brokerOnly)
      throw new UsageError(
        `--${brokerOnly.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} works only with --broker-url (results are published to the broker the pacts came from)`,
      );
    for (const file of flags.pact) {
      const { consumer } = checkPactFile(file, flags.providerName);
      if (flags.consumer.length > 0 && !flags.consumer.includes(consumer))
        throw new UsageError(`${file} is a pact of consumer "${consumer}", not of ${flags.consumer.join(', ')}`);
    }
    return { kind: 'files', files: flags.pact };
  }
  return {
    kind: 'broker',
    url: flags.brokerUrl!,
    token: env.PACT_BROKER_TOKEN || undefined,
    username: env.PACT_BROKER_USERNAME || undefined,
    password: env.PACT_BROKER_PASSWORD || undefined,
    consumerVersionSelectors: flags.selector.length > 0 ? flags.selector : DEFAULT_SELECTORS,
    enablePending: flags.pending,
    includeWipPactsSince: flags.includeWipSince,
  };
}

async function openTarget(flags: VerifyFlags, env: NodeJS.ProcessEnv): Promise<Target> {
  const runId = newRunId();
  if (flags.target === 'mock') return embeddedTarget({}, { runId });
  return remoteTarget(remoteConfigFromEnv(env), {
    runId,
    ledgerPath: ledgerPathFor(flags.ledgerDir, runId),
    transport: politeTransport({ share: 0.5, limit: flags.rateLimit }),
  });
}

/** Before anything starts: the Verifier is @pact-foundation/pact's, which a project that writes pacts has installed. */
async function requirePact(): Promise<void> {
  try {
    await loadPact();
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND';
    if (missing && String(error).includes("'@pact-foundation/pact'"))
      throw new UsageError('verify needs @pact-foundation/pact: npm install --save-dev @pact-foundation/pact');
    throw error;
  }
}

/**
 * Ends the process as the signal would have: the exit status a shell reports is 128 + the signal
 * (130 for Ctrl-C). process.exit() cannot: it waits for the Verifier's native thread, which an
 * interaction in flight holds.
 */
function dieBy(signal: NodeJS.Signals): never {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  // The signal is delivered asynchronously: nothing else may run meanwhile.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

/**
 * Ctrl-C or SIGTERM: the Verifier cannot be stopped mid-interaction, so what the states created
 * is removed, then the process ends by the signal; a second one ends it at once, the ledger kept.
 */
function exitOnInterrupt(target: Target, ledgerDir: string): () => void {
  let interrupted = false;
  const stop = (signal: NodeJS.Signals) => {
    if (interrupted) {
      process.stderr.write(
        `\nstopped at once: what is left is in the ledger, in ${ledgerDir}/ (token-contract cleanup removes it)\n`,
      );
      dieBy(signal);
    }
    interrupted = true;
    process.stderr.write('\ninterrupted: removing what the provider states created (Ctrl-C again to stop at once)\n');
    void removeOwned(target)
      .then(
        // Closing writes the ledger off, then waits for connections, which the stalled interaction may hold: a second at most.
        () => Promise.race([target.close(), new Promise((resolve) => setTimeout(resolve, 1000))]),
        (error: unknown) =>
          process.stderr.write(
            `token-contract: cleaning up failed (${error instanceof Error ? error.message : String(error)}): what is left is in the ledger, in ${ledgerDir}/ (token-contract cleanup removes it)\n`,
          ),
      )
      .finally(() => dieBy(signal));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

async function verify(flags: VerifyFlags, command: Command, env: NodeJS.ProcessEnv): Promise<number> {
  let source: PactSource;
  try {
    source = pactSource(flags, command, env);
  } catch (error) {
    throw error instanceof PactFileError ? new UsageError(error.message) : error;
  }
  const providerVersion = flags.providerVersion ?? defaultProviderVersion();
  const options: VerifyOptions = {
    providerName: flags.providerName,
    consumers: flags.consumer,
    source,
    ...(flags.publish
      ? { publish: { providerVersion, providerVersionBranch: flags.providerBranch, buildUrl: flags.buildUrl } }
      : {}),
  };
  await requirePact();
  const target = await openTarget(flags, env);
  const against = `${flags.providerName} (${target.info.label})`;
  const published = flags.publish ? `; results published to ${flags.brokerUrl} as ${providerVersion}` : '';
  const stopHandling = exitOnInterrupt(target, flags.ledgerDir);
  try {
    await verifyPacts(target, options);
    process.stdout.write(`verified: every interaction passed against ${against}${published}\n`);
    return EXIT.ok;
  } catch (error) {
    const rejection = rejectionOf(error);
    if (rejection.kind === 'not-verified') {
      process.stderr.write(`token-contract: nothing was verified: ${rejection.reason}\n`);
      return EXIT.target;
    }
    process.stderr.write(
      `token-contract: ${rejection.interactions.length} interaction(s) failed against ${against}${published}: ${rejection.interactions.join('; ')}\n`,
    );
    return EXIT.violated;
  } finally {
    stopHandling();
    await target.close();
  }
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
