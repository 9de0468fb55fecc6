import type { DocSource, InvariantId } from '../invariants/index.ts';
import type { Exchange, TargetInfo } from '../target/index.ts';

/**
 * held: every run done held (or the time budget ended it early, `runs < planned`); violated;
 * error: the suite or the target failed; skipped: it never started (the reason says why);
 * interrupted: stopped by Ctrl-C before its planned runs, nothing found so far.
 */
export type Verdict = 'held' | 'violated' | 'error' | 'skipped' | 'interrupted';

/** Why an invariant stopped before its planned runs. */
export type StopReason = 'time-budget' | 'interrupt' | 'target-failed' | 'max-failures';

/** A failing case, shrunk, with everything needed to understand and replay it. */
export interface Counterexample {
  /** fast-check's seed and path: `--replay SEED:PATH` runs exactly this case again. */
  seed: number;
  path: string;
  /** The generated case (ids are placeholders), and one line about it. */
  case: unknown;
  description: string;
  message: string;
  /** The exchanges that show the violation, the one at fault first, secrets redacted; a curl line for each. */
  exchanges: Exchange[];
  curl: string[];
  replay: string;
  shrinks: number;
}

/**
 * One distinct problem of an invariant: its violations of one kind, rule, status and code (the
 * key), the first one shrunk into a counterexample, and how many runs showed it.
 */
export interface Failure {
  key: string;
  kind: string;
  rule: string | undefined;
  status: number | undefined;
  code: string | undefined;
  /** Runs that showed a violation with this key (the shrunk one included). */
  occurrences: number;
  /** The run it first showed in, and the requests and time the invariant took to get there. */
  foundAt: { run: number; requests: number; afterMs: number };
  counterexample: Counterexample;
}

export interface InvariantResult {
  id: InvariantId;
  title: string;
  doc: DocSource;
  verdict: Verdict;
  runs: number;
  planned: number;
  stopped: StopReason | undefined;
  durationMs: number;
  requests: number;
  seed: number;
  /** Distinct problems, in the order found (at most --max-failures). */
  failures: Failure[];
  skipReason?: string;
  error?: string;
  /** Whose failure the error is: the target's (unreachable, misbehaving), or a defect of the suite. */
  errorCause?: 'target' | 'suite';
}

export interface PropagationSample {
  invariant: InvariantId;
  surface: string;
  /** From the update response to the first probe that reflected it; null: not within the budget. */
  reflectedAfterMs: number | null;
  probes: number;
}

/** How the campaign ended: all it planned, or stopped by Ctrl-C, or by a target that failed. */
export type Ending = 'completed' | 'interrupted' | 'target-failed';

export interface CampaignResult {
  target: TargetInfo;
  seed: number;
  startedAt: string;
  durationMs: number;
  ending: Ending;
  invariants: InvariantResult[];
  requests: number;
  /** The most requests in any 3-second window, against the CMA limit of 60. */
  peakRequestsPer3s: number;
  propagation: PropagationSample[];
  /** Why removing what the run created failed, if it did: the ledger keeps the rest for `token-contract cleanup`. */
  cleanupError?: string;
}
