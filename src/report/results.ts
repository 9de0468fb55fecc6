import type { CampaignResult, InvariantResult, PropagationSample } from '../campaign/index.ts';

export const RESULTS_SCHEMA = 'token-contract/results@1';

export interface PropagationStats {
  surface: string;
  samples: number;
  /** Milliseconds; null when no probe reflected the change within the budget. */
  p50: number | null;
  p95: number | null;
  max: number | null;
  neverReflected: number;
}

/** results.json: the source every other report is rendered from. Versioned by `schema`. */
export interface ResultsDocument {
  schema: typeof RESULTS_SCHEMA;
  tool: { name: 'token-contract'; version: string };
  target: CampaignResult['target'];
  seed: number;
  startedAt: string;
  durationMs: number;
  assumptions: { strict: boolean };
  summary: {
    /** `incomplete`: nothing failed, but the time budget ran out before some invariant's first run. */
    verdict: 'held' | 'violated' | 'error' | 'incomplete';
    invariants: number;
    held: number;
    violated: number;
    skipped: number;
    errors: number;
    requests: number;
    peakRequestsPer3s: number;
  };
  invariants: InvariantResult[];
  propagation: { stats: PropagationStats[]; samples: PropagationSample[] };
}

const MAX_SAMPLES = 2000;

/** Skipped because the time budget ran out first: an invariant the campaign meant to run, no evidence either way. */
export const budgetSkipped = (r: Pick<InvariantResult, 'verdict' | 'interrupted'>): boolean =>
  r.verdict === 'skipped' && r.interrupted;

export function resultsDocument(
  result: CampaignResult,
  options: { strict: boolean; version: string },
): ResultsDocument {
  const count = (verdict: InvariantResult['verdict']) => result.invariants.filter((i) => i.verdict === verdict).length;
  const violated = count('violated');
  const errors = count('error');
  const starved = result.invariants.filter(budgetSkipped).length;
  return {
    schema: RESULTS_SCHEMA,
    tool: { name: 'token-contract', version: options.version },
    target: result.target,
    seed: result.seed,
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    assumptions: { strict: options.strict },
    summary: {
      verdict: violated > 0 ? 'violated' : errors > 0 ? 'error' : starved > 0 ? 'incomplete' : 'held',
      invariants: result.invariants.length,
      held: count('held'),
      violated,
      skipped: count('skipped'),
      errors,
      requests: result.requests,
      peakRequestsPer3s: result.peakRequestsPer3s,
    },
    invariants: result.invariants,
    propagation: { stats: propagationStats(result.propagation), samples: result.propagation.slice(0, MAX_SAMPLES) },
  };
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
