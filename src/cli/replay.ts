import { existsSync, readFileSync } from 'node:fs';
import { runCampaign, type Failure, type InvariantResult } from '../campaign/index.ts';
import { decodeResults, failureSelector, type ResultsDocument, type RunSetup } from '../report/index.ts';
import { newRunId, remoteConfigFromEnv, type Target } from '../target/index.ts';
import { EXIT, UsageError } from './errors.ts';
import { openSession, type TargetSetup } from './open-target.ts';

export interface ReplaySettings {
  resultsPath: string;
  /** `<invariant>:<key>`, or an invariant id for all its failures; every failure when absent. */
  failure: string | undefined;
  repeat: number;
  ledgerDir: string;
  rateShare: number;
  rateLimit: number;
}

type Attempt = 'reproduced' | 'otherwise' | 'held' | 'target-failed' | 'not-run' | 'interrupted';

interface Selected {
  invariant: InvariantResult;
  failure: Failure;
}

/** How each attempt at one failure went, and the first thing worth saying about them. */
interface Tally {
  selected: Selected;
  attempts: Attempt[];
  detail: string | undefined;
}

/**
 * Runs the counterexamples of a failing run again — same target kind, faults, assumptions,
 * strictness, seed and path — `repeat` times each, and tells how many times each came back. It
 * writes no report: the failing run's stay as they are. Exit 1 if any failure reproduced.
 */
export async function replay(settings: ReplaySettings, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const doc = readResults(settings.resultsPath);
  const setup = recordedSetup(doc, settings.resultsPath);
  const selected = select(doc, settings.failure, settings.resultsPath);
  const targetSetup = sameTarget(doc, setup, settings, env);
  process.stderr.write(
    `token-contract: replaying ${selected.length} failure${selected.length === 1 ? '' : 's'} of ${settings.resultsPath} ` +
      `against ${describeTarget(doc, setup)}, ${settings.repeat} time${settings.repeat === 1 ? '' : 's'} each; no report is written\n`,
  );

  const session = await openSession(
    targetSetup,
    { runId: newRunId(), startedAt: Date.now(), timeBudgetMs: undefined },
    env,
  );
  const tallies: Tally[] = [];
  try {
    for (const one of selected) {
      const tally: Tally = { selected: one, attempts: [], detail: undefined };
      tallies.push(tally);
      for (let i = 0; i < settings.repeat && !session.signal.aborted; i += 1) {
        const { attempt, detail } = await once(session.target, doc, setup, one, session.signal);
        tally.attempts.push(attempt);
        tally.detail ??= detail;
      }
    }
  } finally {
    await session.close();
  }

  for (const line of tallies.map(describe))
    // Messages come from fresh exchanges: linted like every other output before they are shown.
    process.stdout.write(
      session.target.holdsSecret(line) ? '(a line withheld: it would have shown a secret)\n' : `${line}\n`,
    );
  const all = tallies.flatMap((t) => t.attempts);
  if (session.signal.aborted || all.includes('interrupted')) return EXIT.interrupted;
  if (all.includes('reproduced')) return EXIT.violated;
  if (all.length > 0 && all.every((a) => a === 'target-failed')) return EXIT.target;
  return EXIT.ok;
}

/** The failing run's target as it was set up: what the replay reproduces. */
function describeTarget(doc: ResultsDocument, setup: RunSetup): string {
  const settings = [
    ...(setup.faults.length > 0 ? [`faults: ${setup.faults.join(', ')}`] : []),
    ...(setup.variant === null ? [] : [`variant ${setup.variant}`]),
    ...Object.entries(setup.assumptions).map(([key, value]) => `--assume ${key}=${JSON.stringify(value)}`),
    ...(doc.assumptions.strict ? ['--strict-assumptions'] : []),
  ];
  const where = doc.target.kind === 'mock' ? 'the embedded mock' : doc.target.cmaUrl;
  return settings.length > 0 ? `${where} (${settings.join('; ')})` : where;
}

function readResults(path: string): ResultsDocument {
  if (!existsSync(path)) throw new UsageError(`${path} does not exist: replay reads the results.json of a failing run`);
  const decoded = decodeResults(readFileSync(path, 'utf8'));
  if ('problem' in decoded) throw new UsageError(`cannot replay ${path}: ${decoded.problem}`);
  return decoded.doc;
}

function recordedSetup(doc: ResultsDocument, path: string): RunSetup {
  if (!doc.setup)
    throw new UsageError(
      `cannot replay ${path}: it does not record how its run was set up (faults, assumptions); run the campaign again with this version`,
    );
  return doc.setup;
}

function select(doc: ResultsDocument, wanted: string | undefined, path: string): Selected[] {
  const all = doc.invariants.flatMap((invariant) => invariant.failures.map((failure) => ({ invariant, failure })));
  if (all.length === 0) throw new UsageError(`${path} records no failure to replay (verdict ${doc.summary.verdict})`);
  if (wanted === undefined) return all;
  const chosen = all.filter(
    ({ invariant, failure }) => invariant.id === wanted || failureSelector(invariant.id, failure.key) === wanted,
  );
  if (chosen.length === 0)
    throw new UsageError(
      `no failure "${wanted}" in ${path}; it has: ${all.map((s) => failureSelector(s.invariant.id, s.failure.key)).join(', ')}`,
    );
  return chosen;
}

/** The failing run's target again: the same mock, or the same remote project, which the environment must name. */
function sameTarget(
  doc: ResultsDocument,
  setup: RunSetup,
  settings: ReplaySettings,
  env: NodeJS.ProcessEnv,
): TargetSetup {
  const common = {
    assumptions: setup.assumptions,
    ledgerDir: settings.ledgerDir,
    rateShare: settings.rateShare,
    rateLimit: settings.rateLimit,
  };
  if (doc.target.kind === 'mock')
    return {
      ...common,
      target: 'mock',
      faults: setup.faults,
      variant: setup.variant ?? undefined,
      disposableProject: false,
    };
  const here = remoteConfigFromEnv(env);
  for (const [name, recorded, now] of [
    ['DATOCMS_CMA_URL', doc.target.cmaUrl, here.cmaUrl],
    ['DATOCMS_CDA_URL', doc.target.cdaUrl, here.cdaUrl],
  ] as const)
    if (recorded !== now)
      throw new UsageError(
        `the failing run used ${recorded}, but ${name} gives ${now}: replay against staging needs the same DATOCMS_* variables as the failing run`,
      );
  return { ...common, target: 'staging', faults: [], variant: undefined, disposableProject: doc.target.disposable };
}

async function once(
  target: Target,
  doc: ResultsDocument,
  setup: RunSetup,
  { invariant, failure }: Selected,
  signal: AbortSignal,
): Promise<{ attempt: Attempt; detail: string | undefined }> {
  const cx = failure.counterexample;
  const result = await runCampaign(target, {
    invariants: [invariant.id],
    runs: 1,
    seed: doc.seed,
    // Shrinking again would only cost requests: the case is already the shrunk one.
    shrink: false,
    maxFailures: 1,
    strict: doc.assumptions.strict,
    assumptions: setup.assumptions,
    replay: { seed: cx.seed, path: cx.path },
    signal,
  });
  const [again] = result.invariants;
  if (result.ending === 'interrupted' || again?.verdict === 'interrupted')
    return { attempt: 'interrupted', detail: undefined };
  const found = again?.failures[0];
  if (found?.key === failure.key) return { attempt: 'reproduced', detail: found.counterexample.message };
  if (found)
    return { attempt: 'otherwise', detail: `failed otherwise: [${found.key}] ${found.counterexample.message}` };
  if (again?.verdict === 'error' || result.ending === 'target-failed')
    return { attempt: 'target-failed', detail: `the target failed: ${again?.error ?? again?.skipReason ?? ''}` };
  if (again?.verdict === 'skipped') return { attempt: 'not-run', detail: `not run: ${again.skipReason ?? ''}` };
  return { attempt: 'held', detail: undefined };
}

function describe({ selected, attempts, detail }: Tally): string {
  const reproduced = attempts.filter((a) => a === 'reproduced').length;
  const head = `${reproduced > 0 ? '✗' : '✓'} ${failureSelector(selected.invariant.id, selected.failure.key)}: reproduced ${reproduced} of ${attempts.length}`;
  const others = (['otherwise', 'target-failed', 'not-run'] as const)
    .map((kind) => [kind, attempts.filter((a) => a === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(
      ([kind, n]) =>
        `${n} ${kind === 'otherwise' ? 'failed otherwise' : kind === 'target-failed' ? 'with the target failing' : 'not run'}`,
    );
  // A race does not come back every time: say so rather than let "0 of 1" read as "fixed".
  const timing =
    reproduced === 0 && attempts.includes('held')
      ? [
          `  not seen again in ${attempts.length} attempt(s); a failure that depends on timing may need more: --repeat 20`,
        ]
      : [];
  return [
    head + (others.length > 0 ? ` (${others.join(', ')})` : ''),
    ...(detail ? [`  ${detail}`] : []),
    ...timing,
  ].join('\n');
}
