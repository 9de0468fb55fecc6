import type { Command } from 'commander';
import { embeddedTarget } from '../embedded/index.ts';
import { newRunId, politeTransport, remoteConfigFromEnv, remoteTarget, type Target } from '../target/index.ts';
import {
  checkPactFile,
  defaultProviderVersion,
  loadPact,
  PactFileError,
  rejectionOf,
  verifyPacts,
  type PactSource,
  type VerifyOptions,
} from '../verify/index.ts';
import { EXIT, UsageError } from './errors.ts';
import { ledgerPathFor } from './open-target.ts';
import { exitOnInterrupt } from './verify-interrupt.ts';

export interface VerifyFlags {
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

const DEFAULT_SELECTORS = [{ mainBranch: true }, { deployedOrReleased: true }];

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

/** `token-contract verify`, from flags to exit code. Expected failures become one line and a code. */
export async function verify(flags: VerifyFlags, command: Command, env: NodeJS.ProcessEnv): Promise<number> {
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
