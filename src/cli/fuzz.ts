import { join, resolve } from 'node:path';
import { parseReplay, randomSeed, runCampaign, type CampaignConfig } from '../campaign/index.ts';
import { selectInvariants } from '../invariants/index.ts';
import {
  artefactLint,
  budgetSkipped,
  chosenPaths,
  consoleReport,
  fileReports,
  reportPaths,
  ResultsRecorder,
  type ReportFormat,
} from '../report/index.ts';
import { newRunId } from '../target/index.ts';
import { EXIT, UsageError } from './errors.ts';
import { openSession, type TargetSetup } from './open-target.ts';
import { ensureWritableDir } from './report-dir.ts';
import { VERSION } from './version.ts';

export interface FuzzSettings extends TargetSetup {
  runs: number | undefined;
  seed: number | undefined;
  timeBudgetMs: number | undefined;
  only: string[];
  skip: string[];
  reportDir: string;
  /** Which report files to write (`--report`). */
  reports: ReadonlySet<ReportFormat>;
  replay: string | undefined;
  strict: boolean;
  shrink: boolean | undefined;
  /** Distinct failures an invariant reports before it stops. */
  maxFailures: number;
  json: boolean;
}

/** Defaults per target: the mock is fast and ours; a real project has 60 requests / 3 s. */
export const DEFAULTS = {
  mock: { runs: 100, timeBudgetMs: undefined, shrink: true },
  staging: { runs: 6, timeBudgetMs: 120_000, shrink: false },
} as const;

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
  ensureWritableDir('--report-dir', settings.reportDir);
  const defaults = DEFAULTS[settings.target];
  const seed = settings.seed ?? randomSeed();
  const timeBudgetMs = settings.timeBudgetMs ?? defaults.timeBudgetMs;
  const runId = newRunId();
  const startedAt = Date.now();
  const session = await openSession(settings, { runId, startedAt, timeBudgetMs }, env);
  const target = session.target;

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
    signal: session.signal,
  };
  const reportDir = resolve(settings.reportDir);
  const recorder = new ResultsRecorder(VERSION, {
    resultsPath: join(settings.reportDir, 'results.json'),
    setup: { faults: settings.faults, assumptions: settings.assumptions, variant: settings.variant ?? null },
  });
  const lint = artefactLint([reportDir, resolve('contracts/pacts')], target);
  const handlers = [
    recorder.handle,
    fileReports(reportDir, recorder, lint, settings.reports),
    lint.handle,
    consoleReport(recorder, {
      stdout: process.stdout,
      stderr: process.stderr,
      json: settings.json,
      paths: chosenPaths(reportPaths(reportDir), settings.reports),
      lint,
      env,
    }),
  ];
  try {
    await runCampaign(target, config, handlers);
  } finally {
    await session.close();
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
