import { join } from 'node:path';
import { embeddedTarget } from '../embedded/index.ts';
import type { AssumptionOverrides } from '../spec/index.ts';
import { politeTransport, remoteConfigFromEnv, remoteTarget, type Target } from '../target/index.ts';
import { EXIT } from './errors.ts';
import { preflight } from './preflight.ts';
import { ensureWritableDir } from './report-dir.ts';

/** How a run reaches its target: the embedded mock as set up, or a remote project from the environment. */
export interface TargetSetup {
  target: 'mock' | 'staging';
  faults: string[];
  assumptions: AssumptionOverrides;
  /** Mock only: a correct server that takes other readings of the open decision points (drawn from this seed). */
  variant: number | undefined;
  /** Staging only: the project is a throwaway, so its factory tokens get real edits and a rotation. */
  disposableProject: boolean;
  rateShare: number;
  /** The project's CMA rate limit, requests per 3 s (60 by default; some plans allow more). */
  rateLimit: number;
  ledgerDir: string;
}

/**
 * A staging run ends within setup + budget + cleanup: every request in flight is aborted when its
 * phase ends, and no wait (a 429's reset, a backoff) outlasts it.
 */
const SETUP_ALLOWANCE_MS = 15_000;
const CLEANUP_ALLOWANCE_MS = 30_000;

export const ledgerPathFor = (dir: string, runId: string) => join(dir, `ledger-${runId}.json`);

async function openTarget(
  setup: TargetSetup,
  run: { runId: string; startedAt: number; timeBudgetMs: number | undefined; stop: AbortSignal },
  env: NodeJS.ProcessEnv,
): Promise<Target> {
  if (setup.target === 'mock')
    return embeddedTarget(
      {
        faults: setup.faults,
        assumptions: setup.assumptions,
        ...(setup.variant === undefined ? {} : { variant: setup.variant }),
      },
      { runId: run.runId },
    );
  const config = remoteConfigFromEnv(env);
  // The ledger is written before the first creation is sent: a folder it cannot be written to is a usage error now.
  ensureWritableDir('--ledger-dir', setup.ledgerDir);
  // Before anything is created: a wrong URL or token is one line and exit 2, not violations or a raw 401.
  await preflight(config);
  return remoteTarget(config, {
    runId: run.runId,
    ledgerPath: ledgerPathFor(setup.ledgerDir, run.runId),
    disposable: setup.disposableProject,
    transport: politeTransport({
      share: setup.rateShare,
      limit: setup.rateLimit,
      // The budget is the invariants': creating the fixtures has its own allowance.
      ...(run.timeBudgetMs ? { deadline: run.startedAt + SETUP_ALLOWANCE_MS + run.timeBudgetMs } : {}),
      stop: run.stop,
      cleanupAllowanceMs: CLEANUP_ALLOWANCE_MS,
    }),
  });
}

/**
 * Ctrl-C, or SIGTERM: requests in flight are aborted, and cleanup goes on within its allowance; a
 * second one stops at once and keeps the ledger. `release()` puts the default handling back.
 */
function interruptible(ledgerDir: string): { signal: AbortSignal; release(): void } {
  const abort = new AbortController();
  const stopOnSignal = () => {
    if (abort.signal.aborted) {
      process.stderr.write(
        `\nstopped at once: what is left is in the ledger, in ${ledgerDir}/ (token-contract cleanup removes it)\n`,
      );
      process.exit(EXIT.interrupted);
    }
    process.stderr.write('\ninterrupted: stopping the current run, then cleaning up (Ctrl-C again to stop at once)\n');
    abort.abort();
  };
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);
  return {
    signal: abort.signal,
    release: () => {
      process.off('SIGINT', stopOnSignal);
      process.off('SIGTERM', stopOnSignal);
    },
  };
}

/** A target with Ctrl-C handling in place from before its first request; `close()` releases both. */
export interface Session {
  target: Target;
  signal: AbortSignal;
  close(): Promise<void>;
}

export async function openSession(
  setup: TargetSetup,
  run: { runId: string; startedAt: number; timeBudgetMs: number | undefined },
  env: NodeJS.ProcessEnv,
): Promise<Session> {
  const interrupt = interruptible(setup.ledgerDir);
  let target: Target;
  try {
    target = await openTarget(setup, { ...run, stop: interrupt.signal }, env);
  } catch (error) {
    interrupt.release();
    throw error;
  }
  return {
    target,
    signal: interrupt.signal,
    close: async () => {
      interrupt.release();
      await target.close();
    },
  };
}
