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
