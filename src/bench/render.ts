import type { CleanRuns } from './detection.ts';
import type { BenchReport } from './types.ts';

const cell = (value: number | null | string) => (value === null ? '—' : String(value));
const listed = (runs: CleanRuns) =>
  runs.falsePositives.length
    ? ` (${runs.falsePositives.map((f) => `${f.invariant} in seed ${f.seed}`).join(', ')})`
    : '';
const check = (ok: boolean) => (ok ? 'yes' : '**no**');
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** bench.md: the tables the README quotes. */
export function renderMarkdown(report: BenchReport): string {
  const { detection: d, throughput: t, staging: s, targets } = report;
  const faultRows = d.faults.map(
    (f) =>
      `| \`${f.fault}\` | ${f.caughtBy.map((id) => `\`${id}\``).join(', ') || (f.takes ? `— (a correct reading: \`${f.takes}\`)` : '**missed**')} | ${f.caughtInSeeds}/${f.seeds} | ${f.caughtInSeedsStrict}/${f.seeds} | ${f.caughtInSeedsAtStagingBudget}/${f.seeds} | ${cell(f.medianRuns)} | ${cell(f.medianRequests)} | ${cell(f.medianMs)} | ${cell(f.medianCaseSize)} | ${f.also.join(', ')} |`,
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
"strict" column: the same seeds with \`--strict-assumptions\`; the "at ${d.stagingRuns} runs" column: the same seeds
at the staging budget (${d.stagingRuns} runs per invariant, no shrinking), where the coverage phase chooses nearly
every run. A fault that takes a reading of an open point a correct server may take (\`takes\` in
its definition) must not be reported by the default oracle, only by the strict one.

| fault | caught by | seeds | strict | at ${d.stagingRuns} runs | median runs | median requests | median ms | shrunk size | also failed |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${faultRows.join('\n')}

False positives on the clean mock: **${d.clean.falsePositives.length}** over ${d.clean.seeds} seeds, at both budgets (${d.clean.campaigns} campaigns)${listed(d.clean)}.
False positives on mocks that read every open point otherwise (\`--variant\` 1 to ${d.variants.seeds}), which a
correct server may: **${d.variants.falsePositives.length}** (${d.variants.campaigns} campaigns, both budgets)${listed(d.variants)}.

| target | met |
| --- | --- |
| every fault caught in every seed (but one that takes a correct reading: strict only) | ${check(targets.allCaughtEverySeed)} |
| (reported) faults caught in every seed at the staging budget | ${targets.caughtEverySeedAtStagingBudget} of ${d.faults.filter((f) => f.takes === undefined).length} |
| median ≤ 30 runs to the first failure, every such fault | ${check(targets.medianRunsAtMost30)} |
| 0 false positives, the clean mock and its variants | ${check(targets.noFalsePositives)} |
| every fault caught in every seed with --strict-assumptions | ${check(targets.allCaughtEverySeedStrict)} |

## Speed and cost

**Throughput** (medians of ${t.rounds} rounds of about ${t.requestsPerRound} requests, each
measured side by side, after ${t.warmups} warm-up rounds): the campaign against a fresh mock drawn from a
seed, then a keep-alive undici loop replaying the very requests it sent against a twin of that
mock, drawn from the same seed, so that the loop meets the states the campaign met. First the
mocks in a process of their own — the baseline a staging run really has, a server elsewhere —
then embedded in the suite's own process, with autocannon (1 connection) replaying the same
requests on a third twin.

| mock | campaign (requests/s) | undici loop (requests/s) | campaign / loop | busy loop (requests/s) | campaign / busy loop | replay answered alike |
| --- | --- | --- | --- | --- | --- | --- |
| in its own process | ${t.ownProcess.suite} | ${t.ownProcess.undiciLoop} | ${t.ownProcess.ratio} | ${t.ownProcess.busyLoop} | ${t.ownProcess.ratioToBusyLoop} | ${percent(t.ownProcess.replayAgreement)} |
| embedded (same process) | ${t.inProcess.suite} | ${t.inProcess.undiciLoop} | ${t.inProcess.ratio} | ${t.inProcess.busyLoop} | ${t.inProcess.ratioToBusyLoop} | ${percent(t.inProcess.replayAgreement)} |

The busy loop is the same loop, spinning before each request for as long as the campaign spent
outside HTTP per request: the rate any client that works that much between its requests reaches
on this machine. Where it falls far below the bare loop, the requests themselves got slower
because the client is not waiting on them (a server process woken from idle each time), not the
suite's code. autocannon against the embedded mock: ${t.inProcess.autocannon} requests/s. Target
ratio ≥ 0.8 with the mock in its own process: ${check(targets.ratioAtLeast08)}.

**Where a run's time goes** against the embedded mock (milliseconds per run): total
${t.perRun.total} = generation, shrinking and the runner ${t.perRun.generation} + HTTP, mock
included ${t.perRun.http} + the suite's own code (scenarios, recording, redaction)
${t.perRun.suiteCode} + oracles ${t.perRun.oracles}.

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
