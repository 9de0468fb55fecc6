import type {
  CampaignEvent,
  CampaignResult,
  Ending,
  Handler,
  InvariantResult,
  PropagationSample,
} from '../campaign/index.ts';
import type { AssumptionOverrides } from '../spec/index.ts';
import type { TargetInfo } from '../target/index.ts';
import { replayLine } from './replay-line.ts';

export const RESULTS_SCHEMA = 'token-contract/results@2';

export interface PropagationStats {
  surface: string;
  samples: number;
  /** Milliseconds; null when no probe reflected the change within the budget. */
  p50: number | null;
  p95: number | null;
  max: number | null;
  neverReflected: number;
}

/**
 * How the run was set up beyond its target, seed and strictness: what `token-contract replay`
 * needs to run a counterexample again against the same server.
 */
export interface RunSetup {
  /** Mock only: the faults switched on. */
  faults: string[];
  /** The readings of the decision points the mock took (`--assume`), which the oracles assumed too. */
  assumptions: AssumptionOverrides;
  /** Mock only: the `--variant` seed, or null. */
  variant: number | null;
}

/** Where the document is written, and how its run was set up: its failures then carry their replay command. */
export interface RecordedRun {
  /** As the user gave it (relative paths stay relative): it goes into the replay commands. */
  resultsPath: string;
  setup: RunSetup;
}

/** results.json: the source every other report is rendered from. Versioned by `schema`. */
export interface ResultsDocument {
  schema: typeof RESULTS_SCHEMA;
  tool: { name: 'token-contract'; version: string };
  target: TargetInfo;
  seed: number;
  startedAt: string;
  durationMs: number;
  /** `running` while the campaign goes on: the file is rewritten after each invariant. */
  ending: Ending | 'running';
  /** Why removing what the run created failed, if it did. */
  cleanupError?: string;
  assumptions: { strict: boolean };
  /** Absent only in documents recorded without it (tests of the renderings): replay refuses those. */
  setup?: RunSetup;
  summary: {
    /** `incomplete`: nothing failed, but the time budget ran out before some invariant's first run. */
    verdict: 'running' | 'held' | 'violated' | 'error' | 'interrupted' | 'incomplete';
    invariants: number;
    held: number;
    violated: number;
    skipped: number;
    errors: number;
    interrupted: number;
    /** Distinct failures over all invariants. */
    failures: number;
    requests: number;
    peakRequestsPer3s: number;
  };
  invariants: InvariantResult[];
  propagation: { stats: PropagationStats[]; samples: PropagationSample[] };
}

const MAX_SAMPLES = 2000;

/** Skipped because the time budget ran out first: an invariant the campaign meant to run, no evidence either way. */
export const budgetSkipped = (r: Pick<InvariantResult, 'verdict' | 'runs' | 'stopped' | 'skipReason'>): boolean =>
  r.verdict === 'skipped' && r.skipReason === 'the time budget ran out before its first run';

/** Fewer runs than planned because the budget ran out (a run the budget cut off that ended counts as done). */
export const cutShort = (r: Pick<InvariantResult, 'runs' | 'planned' | 'stopped'>): boolean =>
  r.stopped === 'time-budget' && r.runs > 0 && r.runs < r.planned;

/** Runs done and planned over the invariants that started: "N of M runs" when the budget cut some short. */
export function runTotals(invariants: readonly InvariantResult[]): { done: number; planned: number; cut: number } {
  return {
    done: invariants.reduce((sum, r) => sum + r.runs, 0),
    planned: invariants.reduce((sum, r) => sum + r.planned, 0),
    cut: invariants.filter(cutShort).length,
  };
}

/**
 * Follows a campaign's events and keeps its results document up to date: what finished, what is
 * running, and at the end how it ended. Every file report renders `document()`.
 */
export class ResultsRecorder {
  private started: Extract<CampaignEvent, { type: 'campaign-started' }> | undefined;
  private finished: CampaignResult | undefined;
  private readonly invariants: InvariantResult[] = [];
  private readonly samples: PropagationSample[] = [];

  constructor(
    private readonly version: string,
    private readonly run?: RecordedRun,
  ) {}

  readonly handle: Handler = (event) => {
    if (event.type === 'campaign-started') this.started = event;
    if (event.type === 'run-finished' && this.samples.length < MAX_SAMPLES) this.samples.push(...event.propagation);
    if (event.type === 'invariant-finished') this.invariants.push(event.result);
    if (event.type === 'campaign-finished') this.finished = event.result;
  };

  document(): ResultsDocument {
    const started = this.started;
    if (!started) throw new Error('no campaign has started');
    const end = this.finished;
    const invariants = this.withReplayLines(end?.invariants ?? this.invariants);
    const count = (verdict: InvariantResult['verdict']) => invariants.filter((i) => i.verdict === verdict).length;
    const [violated, errors, interrupted] = [count('violated'), count('error'), count('interrupted')];
    const starved = invariants.filter(budgetSkipped).length;
    return {
      schema: RESULTS_SCHEMA,
      tool: { name: 'token-contract', version: this.version },
      target: started.target,
      seed: started.seed,
      startedAt: started.startedAt,
      durationMs: end?.durationMs ?? Date.now() - Date.parse(started.startedAt),
      ending: end?.ending ?? 'running',
      ...(end?.cleanupError === undefined ? {} : { cleanupError: end.cleanupError }),
      assumptions: { strict: started.strict },
      ...(this.run ? { setup: this.run.setup } : {}),
      summary: {
        verdict: !end
          ? 'running'
          : violated > 0
            ? 'violated'
            : errors > 0 ||
                end.ending === 'target-failed' ||
                (end.cleanupError !== undefined && end.ending !== 'interrupted')
              ? 'error'
              : interrupted > 0 || end.ending === 'interrupted'
                ? 'interrupted'
                : starved > 0
                  ? 'incomplete'
                  : 'held',
        invariants: started.invariants.length,
        held: count('held'),
        violated,
        skipped: count('skipped'),
        errors,
        interrupted,
        failures: invariants.reduce((sum, i) => sum + i.failures.length, 0),
        requests: end?.requests ?? 0,
        peakRequestsPer3s: end?.peakRequestsPer3s ?? 0,
      },
      invariants,
      propagation: {
        stats: propagationStats(end?.propagation ?? this.samples),
        samples: (end?.propagation ?? this.samples).slice(0, MAX_SAMPLES),
      },
    };
  }

  /** The campaign only knows the seed and path; the command that reproduces a failure reads this document. */
  private withReplayLines(invariants: InvariantResult[]): InvariantResult[] {
    const run = this.run;
    if (!run) return invariants;
    return invariants.map((inv) => ({
      ...inv,
      failures: inv.failures.map((f) => ({
        ...f,
        counterexample: { ...f.counterexample, replay: replayLine(run.resultsPath, inv.id, f.key) },
      })),
    }));
  }
}

export function propagationStats(samples: readonly PropagationSample[]): PropagationStats[] {
  const surfaces = [...new Set(samples.map((s) => s.surface))];
  return surfaces.map((surface) => {
    const mine = samples.filter((s) => s.surface === surface);
    const times = mine.flatMap((s) => (s.reflectedAfterMs === null ? [] : [s.reflectedAfterMs])).sort((a, b) => a - b);
    const at = (q: number) =>
      times.length === 0 ? null : (times[Math.min(times.length - 1, Math.floor(q * times.length))] as number);
    return {
      surface,
      samples: mine.length,
      p50: at(0.5),
      p95: at(0.95),
      max: times.at(-1) ?? null,
      neverReflected: mine.length - times.length,
    };
  });
}
