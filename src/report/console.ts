import type { Handler } from '../campaign/index.ts';
import type { Leak } from '../target/index.ts';
import type { WriteLint } from './files.ts';
import { cutShort, runTotals, type ResultsDocument, type ResultsRecorder } from './results.ts';
import { paintFor, plain, VERDICT_COLOUR, type Paint } from './colour.ts';
import { formatFailure } from './text.ts';

/** All the console needs of a stream: writing, and whether a person is watching it. */
export interface Terminal {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ConsoleOptions {
  stdout: Terminal;
  stderr: Terminal;
  /** A machine-readable summary on stdout instead of the table (progress stays on stderr). */
  json: boolean;
  /** The report files the run writes, to list after the summary. */
  paths: readonly string[] | undefined;
  /** The artefact lint: the summary is linted before it is printed, and its leaks are told. */
  lint: WriteLint & { leaks(): readonly Leak[] };
  /** NO_COLOR, and what tells whether npm printed its banner on stdout (npm_lifecycle_event, npm_config_*). */
  env: NodeJS.ProcessEnv;
}

/**
 * The terminal, as a handler of the campaign's events: a live line on stderr while invariants
 * run (on a TTY), then, once, the summary — the table and every failure — on stdout.
 */
export function consoleReport(recorder: ResultsRecorder, options: ConsoleOptions): Handler {
  const { stderr } = options;
  let last = 0;
  return (event) => {
    // The seed first: whatever ends the run, the campaign can be run again.
    if (event.type === 'campaign-started')
      stderr.write(
        `token-contract: ${event.invariants.length} invariant${event.invariants.length === 1 ? '' : 's'} against ${event.target.label}, seed ${event.seed}\n`,
      );
    if (event.type === 'run-finished' && stderr.isTTY && Date.now() - last >= 80) {
      last = Date.now();
      const failures = `${event.failures} failure${event.failures === 1 ? '' : 's'}`;
      stderr.write(`\r\x1b[2K  ${event.invariant}  ${event.runs}/${event.planned} runs · ${failures}`);
    }
    if (event.type === 'invariant-finished' && stderr.isTTY) stderr.write('\r\x1b[2K');
    if (event.type !== 'campaign-finished') return;
    const doc = recorder.document();
    const { lint } = options;
    const summary = options.json
      ? `${JSON.stringify(jsonSummary(doc, options.paths, lint.leaks()), null, 2)}\n`
      : `${textSummary(doc, options.paths, paintFor(options.stdout, options.env))}\n`;
    if (lint.holdsSecret(summary)) lint.withheld('the console summary');
    else options.stdout.write(summary);
    if (options.json && npmBannerOnStdout(options.env))
      stderr.write(
        `token-contract: npm printed its "> ${options.env.npm_lifecycle_event}" banner on stdout before the JSON: give --json to npm (npm run ${options.env.npm_lifecycle_event} --json) for JSON alone\n`,
      );
    for (const leak of lint.leaks())
      stderr.write(
        leak.offset < 0
          ? `token-contract: ${leak.file} would have held a secret, and was not written: the run fails\n`
          : `token-contract: a secret leaked into ${leak.file} (at byte ${leak.offset}), which was removed: the run fails\n`,
      );
  };
}

/**
 * npm prints a script's banner on stdout, except in silent mode, and on stderr when npm itself was
 * given --json (it then tells the script so through npm_config_json).
 */
const npmBannerOnStdout = (env: NodeJS.ProcessEnv): boolean =>
  env.npm_lifecycle_event !== undefined && env.npm_config_loglevel !== 'silent' && env.npm_config_json !== 'true';

/**
 * The closing table: one row per invariant — why it did not run, when it did not, on its row —
 * then the totals. Colours are added after the padding, so that the columns line up.
 */
export function summaryTable(doc: ResultsDocument, paint: Paint = plain): string {
  const rows = doc.invariants.map((r) => {
    const runs = cutShort(r) || r.verdict === 'interrupted' ? `${r.runs}/${r.planned}` : String(r.runs);
    const verdict = (r.verdict + (r.failures.length > 1 ? ` ×${r.failures.length}` : '')).padEnd(12);
    const why = r.skipReason ? `  ${paint(r.skipReason, 'dim')}` : '';
    return `${r.id.padEnd(36)} ${runs.padStart(6)}  ${paint(verdict, VERDICT_COLOUR[r.verdict])} ${(r.durationMs / 1000).toFixed(1).padStart(7)} s${why}`;
  });
  const s = doc.summary;
  const totals = runTotals(doc.invariants);
  return [
    `${'invariant'.padEnd(36)} ${'runs'.padStart(6)}  ${'verdict'.padEnd(12)} ${'time'.padStart(9)}`,
    ...rows,
    ...(totals.cut > 0
      ? [
          `(runs done/planned: ${totals.done} of ${totals.planned} runs; the time budget ended ${totals.cut} invariant${totals.cut === 1 ? '' : 's'} early, see --time-budget)`,
        ]
      : []),
    '',
    `${s.invariants} invariants: ${paint(`${s.held} held`, 'green')}, ${paint(`${s.violated} violated`, s.violated > 0 ? 'red' : 'green')} (${s.failures} distinct failure${s.failures === 1 ? '' : 's'}), ${s.skipped} skipped, ${s.errors} errors${s.interrupted ? `, ${s.interrupted} interrupted` : ''}`,
    `${s.requests} requests (peak ${s.peakRequestsPer3s} per 3 s) · ${(doc.durationMs / 1000).toFixed(1)} s · seed ${doc.seed} · ${doc.target.label}`,
  ].join('\n');
}

/** The table, then each failure and each error in full: every invariant's verdict is said once, in its row. */
function textSummary(doc: ResultsDocument, paths: readonly string[] | undefined, paint: Paint): string {
  const out = [summaryTable(doc, paint)];
  if (paths && paths.length > 0) out.push(`reports: ${paths.join(', ')}`);
  for (const r of doc.invariants) {
    for (const failure of r.failures) out.push('', formatFailure(r, failure, { target: doc.target.kind, paint }));
    if (r.verdict === 'error') out.push('', paint(`! ${r.id}: ${r.error ?? ''}`, 'magenta'));
  }
  return out.join('\n');
}

function jsonSummary(doc: ResultsDocument, paths: readonly string[] | undefined, leaks: readonly Leak[]) {
  return {
    verdict: leaks.length > 0 ? 'leak' : doc.summary.verdict,
    summary: doc.summary,
    invariants: doc.invariants.map((r) => ({
      id: r.id,
      verdict: r.verdict,
      runs: r.runs,
      planned: r.planned,
      durationMs: r.durationMs,
      failures: r.failures.map((f) => ({
        key: f.key,
        message: f.counterexample.message,
        replay: f.counterexample.replay,
      })),
      ...(r.error ? { error: r.error } : {}),
      ...(r.skipReason ? { skipReason: r.skipReason } : {}),
    })),
    reports: paths,
    leaks,
  };
}
