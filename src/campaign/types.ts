import type { DocSource, InvariantId } from '../invariants/index.ts';
import type { Exchange } from '../target/index.ts';

export type Verdict = 'held' | 'violated' | 'skipped' | 'error';

/** A failing case, shrunk, with everything needed to understand and replay it. */
export interface Counterexample {
  /** fast-check's seed and path: `--replay SEED:PATH` runs exactly this case again. */
  seed: number;
  path: string;
  /** The generated case (ids are placeholders), and one line about it. */
  case: unknown;
  description: string;
  message: string;
  /** The exchanges that show the violation, secrets redacted; and a curl line for each. */
  exchanges: Exchange[];
  curl: string[];
  replay: string;
  shrinks: number;
}

export interface InvariantResult {
  id: InvariantId;
  title: string;
  doc: DocSource;
  verdict: Verdict;
  runs: number;
  planned: number;
  /** Stopped early by the time budget (the runs done all held). */
  interrupted: boolean;
  durationMs: number;
  requests: number;
  seed: number;
  /** When the first failing run came: its number, and the requests and time it took to get there. */
  firstFailure?: { run: number; requests: number; afterMs: number };
  counterexample?: Counterexample;
  skipReason?: string;
  error?: string;
}

export interface PropagationSample {
  invariant: InvariantId;
  surface: string;
  /** From the update response to the first probe that reflected it; null: not within the budget. */
  reflectedAfterMs: number | null;
  probes: number;
}

export interface CampaignResult {
  target: { kind: 'mock' | 'remote'; label: string };
  seed: number;
  startedAt: string;
  durationMs: number;
  invariants: InvariantResult[];
  requests: number;
  /** The most requests in any 3-second window, against the CMA limit of 60. */
  peakRequestsPer3s: number;
  propagation: PropagationSample[];
}

export interface Progress {
  invariant: InvariantId;
  runs: number;
  planned: number;
  failures: number;
}
