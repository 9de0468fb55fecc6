import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A Pact Broker (or PactFlow) from the environment, as the pact clients read it. */
export interface BrokerSettings {
  url: string;
  token: string | undefined;
  username: string | undefined;
  password: string | undefined;
}

export function brokerFromEnv(env: NodeJS.ProcessEnv): BrokerSettings | undefined {
  const url = env.PACT_BROKER_BASE_URL?.trim();
  if (!url) return undefined;
  return {
    url,
    token: env.PACT_BROKER_TOKEN || undefined,
    username: env.PACT_BROKER_USERNAME || undefined,
    password: env.PACT_BROKER_PASSWORD || undefined,
  };
}

export type Stop = (message: string) => never;

/**
 * How a publishing script stops on a usage problem: one line on stderr, exit 2 (as the CLI does).
 * Declare the result with its type (`const fail: Stop = …`): TypeScript then knows it never returns.
 */
export const stopper =
  (script: string): Stop =>
  (message) => {
    process.stderr.write(`${script}: ${message}\n`);
    process.exit(2);
  };

/** The broker to publish to, or the script stops. */
export const requiredBroker = (stop: Stop): BrokerSettings =>
  brokerFromEnv(process.env) ??
  stop('PACT_BROKER_BASE_URL is not set (and PACT_BROKER_TOKEN, or _USERNAME and _PASSWORD)');

/** The version to publish as: the variable if set, else the git SHA; or the script stops. */
export const requiredVersion = (variable: string, what: string, stop: Stop): string =>
  process.env[variable] || gitSha() || stop(`no git SHA to version ${what} with: set ${variable}`);

const git = (args: string[]): string | undefined => {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
};

/** The version of this code: the git SHA (what the broker's matrix is keyed by). */
export const gitSha = (): string | undefined => git(['rev-parse', 'HEAD']);
/** The branch, for `mainBranch` selectors and pending pacts; CI checkouts may be detached. */
export const gitBranch = (env: NodeJS.ProcessEnv): string | undefined => {
  const branch = env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || git(['rev-parse', '--abbrev-ref', 'HEAD']);
  return branch === 'HEAD' ? undefined : branch;
};

/** Runs a CLI of @pact-foundation/pact-cli (the real Rust binaries) and exits with its status. */
export function runPactCli(bin: 'pact-broker' | 'pactflow', args: readonly string[]): never {
  const root = dirname(createRequire(import.meta.url).resolve('@pact-foundation/pact-cli/package.json'));
  const result = spawnSync(process.execPath, [join(root, 'bin', `${bin}.js`), ...args], {
    stdio: 'inherit',
    env: process.env,
  });
  process.exit(result.status ?? 3);
}
