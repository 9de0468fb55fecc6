import type { BenchReport } from './types.ts';

const cell = (value: number | null | string) => (value === null ? '—' : String(value));
const check = (ok: boolean) => (ok ? 'yes' : '**no**');

/** bench.md: the tables the README quotes. */
export function renderMarkdown(report: BenchReport): string {
  const { detection: d, throughput: t, staging: s, targets } = report;
  const faultRows = d.faults.map(
    (f) =>
      `| \`${f.fault}\` | ${f.caughtBy.map((id) => `\`${id}\``).join(', ') || '**missed**'} | ${f.caughtInSeeds}/${f.seeds} | ${f.caughtInSeedsAtStagingBudget}/${f.seeds} | ${cell(f.medianRuns)} | ${cell(f.medianRequests)} | ${cell(f.medianMs)} | ${cell(f.medianCaseSize)} | ${f.also.join(', ')} |`,
  );
  // The marginal cost of the runs added since the smaller campaign: fixed costs (set-up, JIT) excluded.
  const scalingRows = report.scaling.map((r, i) => {
    const previous = report.scaling[i - 1];
    const marginal = previous ? ((r.durationMs - previous.durationMs) / (r.runs - previous.runs)).toFixed(3) : '—';
    return `| ${r.runs} | ${r.requests} | ${(r.durationMs / 1000).toFixed(2)} | ${(r.durationMs / r.runs).toFixed(3)} | ${marginal} | ${r.startRssMiB.toFixed(0)} | ${r.peakRssMiB.toFixed(0)} |`;
  });
  return `# Benchmark

${report.startedAt} · Node ${report.machine.node} · ${report.machine.cores} cores · ${(report.durationMs / 1000).toFixed(0)} s · \`npm run bench\`

## Bug-finding power

The default campaign (${d.runs} runs per invariant, every invariant) against the mock with one
fault switched on, over ${d.seeds.length} seeds. A fault counts as caught in a seed when an
invariant that names it fails; medians are over the seeds, to the first failing run (shrinking not
included); the size is that of the shrunk case, in characters of JSON. For a late permission
change the time includes the wait that measures how late it was (up to 1.5 s per run). The
"at ${d.stagingRuns} runs" column: the same seeds at the staging budget (${d.stagingRuns} runs per invariant, no
shrinking), where the coverage phase chooses nearly every run.

| fault | caught by | seeds | at ${d.stagingRuns} runs | median runs | median requests | median ms | shrunk size | also failed |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${faultRows.join('\n')}

False positives on the clean mock: **${d.clean.falsePositives.length}** over ${d.clean.seeds} seeds, at both budgets (${d.clean.campaigns} campaigns)${d.clean.falsePositives.length ? ` (${d.clean.falsePositives.map((f) => `${f.invariant} in seed ${f.seed}`).join(', ')})` : ''}.

| target | met |
| --- | --- |
| every fault caught in every seed | ${check(targets.allCaughtEverySeed)} |
| (reported) faults caught in every seed at the staging budget | ${targets.caughtEverySeedAtStagingBudget} of ${d.faults.length} |
| median ≤ 30 runs to the first failure, every fault | ${check(targets.medianRunsAtMost30)} |
| 0 false positives | ${check(targets.noFalsePositives)} |

## Speed and cost

**Throughput** against the embedded mock over loopback, side by side in one process (medians of
${t.rounds} rounds of ${t.requestsPerRound} requests): the property loop, a keep-alive undici loop
replaying the very same requests, and autocannon (1 connection) replaying them.

| loop | requests/s | vs undici loop |
| --- | --- | --- |
| property loop (generation, HTTP, checks) | ${t.suite} | ${t.ratio} |
| undici keep-alive loop | ${t.undiciLoop} | 1 |
| autocannon | ${t.autocannon} | ${(t.autocannon / t.undiciLoop).toFixed(2)} |

Target ratio ≥ 0.7: ${check(targets.ratioAtLeast07)}.

**Where a run's time goes** (milliseconds per run): total ${t.perRun.total} = generation and
shrinking ${t.perRun.generation} + HTTP, mock included ${t.perRun.http} + the suite's own code
(scenarios, recording, redaction) ${t.perRun.suiteCode} + oracles ${t.perRun.oracles} + ajv in the
oracles ${t.perRun.ajv}. Validators and arbitraries are built once per campaign, not per run.
The very same requests cost ${t.perRequestUs.suite} µs of HTTP wall time each inside the property
loop and ${t.perRequestUs.loop} µs in the bare loop: the mock shares the process, so the suite's code
between two requests also slows the requests themselves (shared CPU caches, JIT and heap).

**How cost grows**: campaigns of growing size, each in a fresh process.

| runs | requests | seconds | ms per run | marginal ms per run | RSS at start (MiB) | peak RSS (MiB) |
| --- | --- | --- | --- | --- | --- | --- |
${scalingRows.join('\n')}

**Staging-mode cost**: a default staging campaign (${s.runsPerInvariant} runs per invariant, no
shrinking) against a mock started on its own: ${s.total} requests (${s.setupAndCleanup} to create
and remove the fixtures), which the limiter paces to at least ${s.pacedSeconds} s at 50% of 60
requests / 3 s. Budget: ${s.budget.requests} requests and ${s.budget.seconds} s.

| invariant | requests |
| --- | --- |
${s.perInvariant.map((r) => `| \`${r.id}\` | ${r.requests} |`).join('\n')}
`;
}
