import type { InvariantResult, StopReason } from '../campaign/index.ts';
import { budgetSkipped, type ResultsDocument } from './results.ts';

const STOPPED: Record<StopReason, string> = {
  'time-budget': 'the time budget ran out',
  interrupt: 'interrupted',
  'target-failed': 'the target failed',
  'max-failures': 'enough distinct failures (--max-failures)',
};

/** Why an invariant did fewer runs than planned ('' when it did them all): a cut run is not a full one. */
export function shortfall(inv: InvariantResult): string {
  if (budgetSkipped(inv)) return 'not started: the time budget ran out';
  if (inv.stopped === undefined || inv.runs >= inv.planned) return '';
  return `${STOPPED[inv.stopped]} after ${inv.runs} of ${inv.planned} runs`;
}

/** Runs done against runs planned, over every invariant the campaign finished. */
export function runCounts(doc: ResultsDocument): { done: number; planned: number } {
  return doc.invariants.reduce((sum, inv) => ({ done: sum.done + inv.runs, planned: sum.planned + inv.planned }), {
    done: 0,
    planned: 0,
  });
}

/**
 * What the campaign established, in one line: its verdict, then every kind of outcome that
 * occurred (never "0 violated · 0 held" for a campaign whose invariants did not run), and the
 * runs done of those planned.
 */
export function headline(doc: ResultsDocument): string {
  const { summary } = doc;
  const starved = doc.invariants.filter(budgetSkipped).length;
  const failures = summary.failures === 1 ? '1 distinct failure' : `${summary.failures} distinct failures`;
  const outcomes: [number, string][] = [
    [summary.violated, `violated (${failures})`],
    [summary.held, 'held'],
    [summary.errors, summary.errors === 1 ? 'error' : 'errors'],
    [summary.interrupted, 'interrupted'],
    [starved, 'not started: the time budget ran out'],
    [summary.skipped - starved, 'skipped'],
    [summary.invariants - doc.invariants.length, doc.ending === 'running' ? 'to come' : 'not reached'],
  ];
  const parts = outcomes.filter(([count]) => count > 0).map(([count, label]) => `${count} ${label}`);
  const { done, planned } = runCounts(doc);
  return `${summary.verdict}: ${[...parts, `${done} of ${planned} runs`].join(' · ')}`;
}
