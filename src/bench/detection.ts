import type { FaultName } from '../spec/index.ts';
import { INVARIANTS, type InvariantId } from '../invariants/index.ts';
import { FAULTS, takenReadings } from '../mock/index.ts';
import type { Budget, CampaignOutcome, Job } from './jobs.ts';
import { median } from './stats.ts';

export interface FaultRow {
  fault: string;
  summary: string;
  /** The invariants whose `killedBy` names this fault. */
  intended: string[];
  /** The intended invariants that reported it (in any seed). */
  caughtBy: string[];
  /**
   * The reading of an open point the fault takes (`key=value`), when a correct server may take it:
   * the default oracle must not report it, only the strict one.
   */
  takes?: string;
  /** Other invariants that also failed (a fault often breaks more than one promise). */
  also: string[];
  caughtInSeeds: number;
  seeds: number;
  /** Caught in how many of the same seeds at the staging budget (its runs per invariant, no shrinking). */
  caughtInSeedsAtStagingBudget: number;
  /** Caught in how many of the same seeds with --strict-assumptions (the default budget). */
  caughtInSeedsStrict: number;
  medianRuns: number | null;
  medianRequests: number | null;
  medianMs: number | null;
  medianCaseSize: number | null;
}

export interface DetectionReport {
  runs: number;
  stagingRuns: number;
  seeds: number[];
  faults: FaultRow[];
  /** Clean campaigns at both budgets; a false positive names its budget. */
  clean: CleanRuns;
  /** Clean campaigns against mocks that took other correct readings of the open points (`--variant`). */
  variants: CleanRuns;
}

export interface CleanRuns {
  seeds: number;
  campaigns: number;
  falsePositives: { seed: number; invariant: string }[];
}

const SEED_BASE = 20261201;

export function detectionJobs(
  invariants: readonly InvariantId[],
  faults: readonly FaultName[],
  seeds: number,
  cleanSeeds: number,
  budgets: Record<Budget, number>,
): Job[] {
  const seedList = Array.from({ length: seeds }, (_, i) => SEED_BASE + i);
  const job = (budget: Budget, seed: number, more: Partial<Job & { kind: 'campaign' }> = {}): Job => ({
    kind: 'campaign',
    invariants,
    faults: [],
    seed,
    runs: budgets[budget],
    budget,
    strict: false,
    ...more,
  });
  return [
    ...(['default', 'staging'] as const).flatMap((budget) => [
      ...Array.from({ length: cleanSeeds }, (_, i) => job(budget, SEED_BASE + 1000 + i)),
      ...Array.from({ length: cleanSeeds }, (_, i) => job(budget, SEED_BASE + 2000 + i, { variant: i + 1 })),
      ...faults.flatMap((fault) => seedList.map((seed) => job(budget, seed, { faults: [fault] }))),
    ]),
    ...faults.flatMap((fault) => seedList.map((seed) => job('default', seed, { faults: [fault], strict: true }))),
  ];
}

const falsePositives = (campaigns: readonly CampaignOutcome[]): CleanRuns => ({
  seeds: new Set(campaigns.map((o) => o.seed)).size,
  campaigns: campaigns.length,
  falsePositives: campaigns.flatMap((o) =>
    o.invariants
      .filter((i) => i.verdict !== 'held')
      .map((i) => ({ seed: o.seed, invariant: `${i.id} (${i.verdict}, ${o.budget} budget)` })),
  ),
});

/** The seeds in which an invariant that names the fault failed; the first such failure of each. */
function caughtIn(campaigns: readonly CampaignOutcome[], intended: readonly string[]) {
  return campaigns.map((o) => {
    const hits = o.invariants.filter((i) => i.verdict === 'violated' && intended.includes(i.id) && i.firstFailure);
    const first = hits.sort((a, b) => (a.firstFailure?.run ?? 0) - (b.firstFailure?.run ?? 0))[0];
    return { campaign: o, hits, first };
  });
}

export function detectionReport(
  outcomes: readonly CampaignOutcome[],
  budgets: Record<Budget, number>,
): DetectionReport {
  const clean = outcomes.filter((o) => o.faults.length === 0 && o.variant === undefined);
  const variants = outcomes.filter((o) => o.faults.length === 0 && o.variant !== undefined);
  const faulty = outcomes.filter((o) => o.faults.length > 0 && o.budget === 'default' && !o.strict);
  const faultyStrict = outcomes.filter((o) => o.faults.length > 0 && o.strict);
  const faultyAtStagingBudget = outcomes.filter((o) => o.faults.length > 0 && o.budget === 'staging');
  const faults = [...new Set(faulty.flatMap((o) => o.faults.slice(0, 1)))];
  const rows = faults.map((fault): FaultRow => {
    const intended: string[] = INVARIANTS.filter((i) => i.killedBy.includes(fault)).map((i) => i.id);
    const campaigns = faulty.filter((o) => o.faults[0] === fault);
    const caught = caughtIn(campaigns, intended);
    const caughtAtStagingBudget = caughtIn(
      faultyAtStagingBudget.filter((o) => o.faults[0] === fault),
      intended,
    );
    const firsts = caught.flatMap((c) =>
      c.first?.firstFailure ? [{ ...c.first.firstFailure, caseSize: c.first.caseSize ?? 0 }] : [],
    );
    const definition = FAULTS.find((f) => f.name === fault);
    const takes = definition ? takenReadings(definition) : '';
    return {
      fault,
      summary: definition?.summary ?? '',
      ...(takes ? { takes } : {}),
      intended,
      caughtBy: [...new Set(caught.flatMap((c) => c.hits.map((h) => h.id)))],
      also: [
        ...new Set(
          campaigns.flatMap((o) =>
            o.invariants.filter((i) => i.verdict === 'violated' && !intended.includes(i.id)).map((i) => i.id),
          ),
        ),
      ],
      caughtInSeeds: caught.filter((c) => c.hits.length > 0).length,
      seeds: campaigns.length,
      caughtInSeedsAtStagingBudget: caughtAtStagingBudget.filter((c) => c.hits.length > 0).length,
      caughtInSeedsStrict: caughtIn(
        faultyStrict.filter((o) => o.faults[0] === fault),
        intended,
      ).filter((c) => c.hits.length > 0).length,
      medianRuns: median(firsts.map((f) => f.run)),
      medianRequests: median(firsts.map((f) => f.requests)),
      medianMs: median(firsts.map((f) => f.afterMs)),
      medianCaseSize: median(firsts.map((f) => f.caseSize)),
    };
  });
  return {
    runs: budgets.default,
    stagingRuns: budgets.staging,
    seeds: [...new Set(faulty.map((o) => o.seed))],
    faults: rows,
    clean: falsePositives(clean),
    variants: falsePositives(variants),
  };
}
