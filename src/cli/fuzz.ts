import { join, resolve } from 'node:path';
import { parseReplay, randomSeed, runCampaign, type CampaignResult } from '../campaign/index.ts';
import { selectInvariants } from '../invariants/index.ts';
import {
  budgetSkipped,
  findLeaks,
  formatCounterexample,
  resultsDocument,
  writeReports,
  type ResultsDocument,
} from '../report/index.ts';
import { loadContract, resolveAssumptions, type AssumptionOverrides } from '../spec/index.ts';
import {
  embeddedTarget,
  newRunId,
  politeTransport,
  remoteConfigFromEnv,
  remoteTarget,
  type Target,
} from '../target/index.ts';
import { EXIT, UsageError } from './errors.ts';
import { progressLine, summaryTable } from './progress.ts';
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
  staging: { runs: 6, timeBudgetMs: 50_000, shrink: false },
} as const;

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
          // The deadline leaves room for cleanup after the campaign's own budget.
          transport: politeTransport({
            share: settings.rateShare,
            limit: settings.rateLimit,
            ...(timeBudgetMs ? { deadline: startedAt + timeBudgetMs + 30_000 } : {}),
          }),
        });

  const abort = new AbortController();
  const stopOnSignal = () => {
    if (abort.signal.aborted) {
      process.stderr.write(
        `\nstopped at once: what is left is in the ledger, in ${settings.ledgerDir}/ (token-contract cleanup removes it)\n`,
      );
      process.exit(130);
    }
    process.stderr.write('\ninterrupted: finishing the current run, then cleaning up (Ctrl-C again to stop at once)\n');
    abort.abort();
  };
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);

  const progress = progressLine(process.stderr);
  let result: CampaignResult;
  try {
    const contract = await loadContract();
    result = await runCampaign(target, {
      invariants,
      runs: settings.runs ?? defaults.runs,
      seed,
      oracle: { contract, assumptions: resolveAssumptions(settings.assumptions), strict: settings.strict },
      ...(timeBudgetMs ? { timeBudgetMs } : {}),
      ...(replay ? { replay } : {}),
      shrink: settings.shrink ?? defaults.shrink,
      signal: abort.signal,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    target.ledger.close();
    await target.close();
  }
  for (const r of result.invariants) progress.done(r);

  const doc = resultsDocument(result, { strict: settings.strict, version: VERSION });
  const reportDir = resolve(settings.reportDir);
  const paths = writeReports(reportDir, doc);
  const leaks = findLeaks([reportDir, resolve('contracts/pacts')], target.knownSecrets());
  report(
    settings,
    doc,
    paths,
    leaks.map((l) => `${l.file} (at byte ${l.offset})`),
  );
  if (leaks.length > 0) return EXIT.violated;
  if (abort.signal.aborted) return 130;
  if (doc.summary.violated > 0) return EXIT.violated;
  if (doc.summary.errors > 0) return EXIT.target;
  if (doc.summary.verdict === 'incomplete') {
    const starved = doc.invariants.filter(budgetSkipped).length;
    process.stderr.write(
      `token-contract: the time budget ran out before ${starved} invariant${starved === 1 ? '' : 's'} started: raise --time-budget\n`,
    );
    return EXIT.incomplete;
  }
  return EXIT.ok;
}

function report(
  settings: FuzzSettings,
  doc: ResultsDocument,
  paths: { json: string; junit: string; html: string },
  leaks: string[],
): void {
  if (settings.json) {
    const invariants = doc.invariants.map((r) => ({
      id: r.id,
      verdict: r.verdict,
      runs: r.runs,
      durationMs: r.durationMs,
      ...(r.counterexample ? { message: r.counterexample.message, replay: r.counterexample.replay } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(r.skipReason ? { skipReason: r.skipReason } : {}),
    }));
    process.stdout.write(
      `${JSON.stringify({ verdict: leaks.length > 0 ? 'leak' : doc.summary.verdict, summary: doc.summary, invariants, reports: paths, leaks }, null, 2)}\n`,
    );
    return;
  }
  const out = [summaryTable(doc), `reports: ${paths.json}, ${paths.junit}, ${paths.html}`];
  for (const r of doc.invariants) {
    if (r.counterexample) out.push('', formatCounterexample(r.id, r.title, r.doc, r.counterexample));
    if (r.verdict === 'error') out.push('', `! ${r.id}: ${r.error ?? ''}`);
  }
  const skipped = doc.invariants.filter((r) => r.verdict === 'skipped');
  if (skipped.length > 0) out.push('', ...skipped.map((r) => `- ${r.id}: skipped, ${r.skipReason ?? ''}`));
  process.stdout.write(`${out.join('\n')}\n`);
  for (const leak of leaks) process.stderr.write(`token-contract: a secret leaked into ${leak}: the run fails\n`);
}

function parseReplayOrUsage(text: string): { seed: number; path: string } {
  try {
    return parseReplay(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
