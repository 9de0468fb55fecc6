import { join, resolve } from 'node:path';
import { parseReplay, randomSeed, runCampaign, type CampaignConfig } from '../campaign/index.ts';
import { embeddedTarget } from '../embedded/index.ts';
import { selectInvariants } from '../invariants/index.ts';
import {
  artefactLint,
  budgetSkipped,
  consoleReport,
  fileReports,
  reportPaths,
  ResultsRecorder,
} from '../report/index.ts';
import type { AssumptionOverrides } from '../spec/index.ts';
import { newRunId, politeTransport, remoteConfigFromEnv, remoteTarget, type Target } from '../target/index.ts';
import { EXIT, UsageError } from './errors.ts';
import { VERSION } from './version.ts';

export interface FuzzSettings {
  target: 'mock' | 'staging';
  runs: number | undefined;
  seed: number | undefined;
  timeBudgetMs: number | undefined;
  only: string[];
  skip: string[];
  reportDir: string;
  replay: string | undefined;
  faults: string[];
  assumptions: AssumptionOverrides;
  /** Mock only: a correct server that takes other readings of the open decision points (drawn from this seed). */
  variant: number | undefined;
  strict: boolean;
  shrink: boolean | undefined;
  /** Distinct failures an invariant reports before it stops. */
  maxFailures: number;
  rateShare: number;
  /** The project's CMA rate limit, requests per 3 s (60 by default; some plans allow more). */
  rateLimit: number;
  json: boolean;
  ledgerDir: string;
  /** Staging only: the project is a throwaway, so its factory tokens get real edits and a rotation. */
  disposableProject: boolean;
}

/** Defaults per target: the mock is fast and ours; a real project has 60 requests / 3 s. */
export const DEFAULTS = {
  mock: { runs: 100, timeBudgetMs: undefined, shrink: true },
  staging: { runs: 6, timeBudgetMs: 120_000, shrink: false },
} as const;

/**
 * A staging run ends within setup + budget + cleanup: every request in flight is aborted when its
 * phase ends, and no wait (a 429's reset, a backoff) outlasts it.
 */
export const SETUP_ALLOWANCE_MS = 15_000;
export const CLEANUP_ALLOWANCE_MS = 30_000;

export const ledgerPathFor = (dir: string, runId: string) => join(dir, `ledger-${runId}.json`);

/** The fuzz campaign, from settings to exit code. Expected failures become one line and a code. */
export async function fuzz(settings: FuzzSettings, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const invariants = selectInvariants(settings.only, settings.skip);
  if (invariants.length === 0) throw new UsageError('--only/--skip leave no invariant to run');
  if (settings.target === 'staging' && settings.faults.length > 0)
    throw new UsageError('--fault works only with --target mock');
  if (settings.target === 'staging' && settings.variant !== undefined)
    throw new UsageError('--variant works only with --target mock');
  if (settings.target === 'mock' && settings.disposableProject)
    throw new UsageError('--disposable-project works only with --target staging');
  const replay = settings.replay === undefined ? undefined : parseReplayOrUsage(settings.replay);
  if (replay && invariants.length !== 1) throw new UsageError('--replay needs exactly one invariant: add --only <id>');
  const defaults = DEFAULTS[settings.target];
  const seed = settings.seed ?? randomSeed();
  const timeBudgetMs = settings.timeBudgetMs ?? defaults.timeBudgetMs;
  const runId = newRunId();
  const startedAt = Date.now();
  // Ctrl-C, or SIGTERM: requests in flight are aborted, and cleanup goes on within its allowance.
  const abort = new AbortController();

  const target: Target =
    settings.target === 'mock'
      ? await embeddedTarget(
          {
            faults: settings.faults,
            assumptions: settings.assumptions,
            ...(settings.variant === undefined ? {} : { variant: settings.variant }),
          },
          { runId },
        )
      : await remoteTarget(remoteConfigFromEnv(env), {
          runId,
          ledgerPath: ledgerPathFor(settings.ledgerDir, runId),
          disposable: settings.disposableProject,
          transport: politeTransport({
            share: settings.rateShare,
            limit: settings.rateLimit,
            // The budget is the invariants': creating the fixtures has its own allowance.
            ...(timeBudgetMs ? { deadline: startedAt + SETUP_ALLOWANCE_MS + timeBudgetMs } : {}),
            stop: abort.signal,
            cleanupAllowanceMs: CLEANUP_ALLOWANCE_MS,
          }),
        });

  const stopOnSignal = () => {
    if (abort.signal.aborted) {
      process.stderr.write(
        `\nstopped at once: what is left is in the ledger, in ${settings.ledgerDir}/ (token-contract cleanup removes it)\n`,
      );
      process.exit(EXIT.interrupted);
    }
    process.stderr.write('\ninterrupted: stopping the current run, then cleaning up (Ctrl-C again to stop at once)\n');
    abort.abort();
  };
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);

  const config: CampaignConfig = {
    invariants: invariants.map((i) => i.id),
    runs: settings.runs ?? defaults.runs,
    seed,
    ...(timeBudgetMs ? { timeBudgetMs } : {}),
    shrink: settings.shrink ?? defaults.shrink,
    maxFailures: settings.maxFailures,
    strict: settings.strict,
    assumptions: settings.assumptions,
    ...(replay ? { replay } : {}),
    signal: abort.signal,
  };
  const reportDir = resolve(settings.reportDir);
  const recorder = new ResultsRecorder(VERSION);
  const lint = artefactLint([reportDir, resolve('contracts/pacts')], target);
  const handlers = [
    recorder.handle,
    fileReports(reportDir, recorder, lint),
    lint.handle,
    consoleReport(recorder, {
      stdout: process.stdout,
      stderr: process.stderr,
      json: settings.json,
      paths: reportPaths(reportDir),
      lint,
    }),
  ];
  try {
    await runCampaign(target, config, handlers);
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await target.close();
  }

  const doc = recorder.document();
  if (doc.cleanupError !== undefined)
    process.stderr.write(
      `token-contract: cleaning up failed (${doc.cleanupError}): what is left is in the ledger, in ${settings.ledgerDir}/ (token-contract cleanup removes it)\n`,
    );
  if (lint.leaks().length > 0) return EXIT.violated;
  switch (doc.summary.verdict) {
    case 'violated':
      return EXIT.violated;
    case 'error': {
      if (doc.invariants.some((r) => r.errorCause === 'suite')) {
        process.stderr.write(
          'token-contract: a defect of token-contract itself (please report it): see the errors above\n',
        );
        return EXIT.defect;
      }
      const failed = doc.invariants.find((r) => r.verdict === 'error' || r.skipReason?.startsWith('the target failed'));
      const why = failed?.error ?? failed?.skipReason ?? doc.cleanupError;
      process.stderr.write(`token-contract: the target is unreachable or misbehaving: ${why ?? 'see the reports'}\n`);
      return EXIT.target;
    }
    case 'interrupted':
      return EXIT.interrupted;
    case 'incomplete': {
      const starved = doc.invariants.filter(budgetSkipped).length;
      process.stderr.write(
        `token-contract: the time budget ran out before ${starved} invariant${starved === 1 ? '' : 's'} started: raise --time-budget\n`,
      );
      return EXIT.incomplete;
    }
    default:
      return EXIT.ok;
  }
}

function parseReplayOrUsage(text: string): { seed: number; path: string } {
  try {
    return parseReplay(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
