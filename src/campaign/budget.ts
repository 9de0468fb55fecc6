/**
 * How long the next invariant may run when a campaign has a time budget. Each gets at least an
 * equal share of what is left; beyond that, whatever the invariants after it are not expected to
 * need (their runs at the mean cost of a run so far). An invariant whose runs cost more than most
 * (a batch of updates) then gets its planned runs, and a small overrun is shared by the last ones,
 * instead of the heavy one alone being cut to a third of its runs.
 */
export function timeShare(budget: {
  leftMs: number;
  invariantsLeft: number;
  runsPerInvariant: number;
  /** Mean wall time of one run of the invariants done so far; unknown before the first. */
  msPerRun: number | undefined;
}): number {
  const { leftMs, invariantsLeft, runsPerInvariant, msPerRun } = budget;
  if (leftMs <= 0) return 0;
  const equal = leftMs / Math.max(1, invariantsLeft);
  const reserved = msPerRun === undefined ? leftMs - equal : msPerRun * runsPerInvariant * (invariantsLeft - 1);
  return Math.max(1, equal, leftMs - reserved);
}
