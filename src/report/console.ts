import type { Handler } from '../campaign/index.ts';
import type { Leak } from '../target/index.ts';
import type { ReportPaths, WriteLint } from './files.ts';
import { cutShort, runTotals, type ResultsDocument, type ResultsRecorder } from './results.ts';
import { formatFailure } from './text.ts';

export interface ConsoleOptions {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  /** A machine-readable summary on stdout instead of the table (progress stays on stderr). */
  json: boolean;
  paths: ReportPaths | undefined;
  /** The artefact lint: the summary is linted before it is printed, and its leaks are told. */
  lint: WriteLint & { leaks(): readonly Leak[] };
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
      : `${textSummary(doc, options.paths)}\n`;
    if (lint.holdsSecret(summary)) lint.withheld('the console summary');
    else options.stdout.write(summary);
    for (const leak of lint.leaks())
      stderr.write(
        leak.offset < 0
          ? `token-contract: ${leak.file} would have held a secret, and was not written: the run fails\n`
          : `token-contract: a secret leaked into ${leak.file} (at byte ${leak.offset}), which was removed: the run fails\n`,
      );
  };
}

/** The closing table: one row per invariant, then the totals. */
export function summaryTable(doc: ResultsDocument): string {
  const rows = doc.invariants.map((r) => {
    const runs = cutShort(r) || r.verdict === 'interrupted' ? `${r.runs}/${r.planned}` : String(r.runs);
    const failures = r.failures.length > 1 ? ` ×${r.failures.length}` : '';
    return `${r.id.padEnd(36)} ${runs.padStart(6)}  ${(r.verdict + failures).padEnd(12)} ${(r.durationMs / 1000).toFixed(1).padStart(7)} s`;
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
    `${s.invariants} invariants: ${s.held} held, ${s.violated} violated (${s.failures} distinct failure${s.failures === 1 ? '' : 's'}), ${s.skipped} skipped, ${s.errors} errors${s.interrupted ? `, ${s.interrupted} interrupted` : ''}`,
    `${s.requests} requests (peak ${s.peakRequestsPer3s} per 3 s) · ${(doc.durationMs / 1000).toFixed(1)} s · seed ${doc.seed} · ${doc.target.label}`,
  ].join('\n');
}

function textSummary(doc: ResultsDocument, paths: ReportPaths | undefined): string {
  const out = [summaryTable(doc)];
  if (paths) out.push(`reports: ${paths.json}, ${paths.junit}, ${paths.html}, ${paths.ndjson}`);
  for (const r of doc.invariants) {
    for (const failure of r.failures) out.push('', formatFailure(r, failure));
    if (r.verdict === 'error') out.push('', `! ${r.id}: ${r.error ?? ''}`);
  }
  const notRun = doc.invariants.filter((r) => r.verdict === 'skipped' || r.verdict === 'interrupted');
  if (notRun.length > 0)
    out.push('', ...notRun.map((r) => `- ${r.id}: ${r.verdict}${r.skipReason ? `, ${r.skipReason}` : ''}`));
  return out.join('\n');
}

function jsonSummary(doc: ResultsDocument, paths: ReportPaths | undefined, leaks: readonly Leak[]) {
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
