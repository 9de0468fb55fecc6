import type { InvariantResult, Progress } from '../campaign/index.ts';
import type { ResultsDocument } from '../report/index.ts';

const MARK: Record<InvariantResult['verdict'], string> = { held: '✓', violated: '✗', skipped: '-', error: '!' };

/** The live line on stderr: which invariant, how many runs, how many failures so far. */
export function progressLine(stream: NodeJS.WriteStream): {
  update(p: Progress): void;
  done(r: InvariantResult): void;
} {
  let last = 0;
  return {
    update(p) {
      if (!stream.isTTY || Date.now() - last < 80) return;
      last = Date.now();
      stream.write(
        `\r\x1b[2K  ${p.invariant}  ${p.runs}/${p.planned} runs · ${p.failures} failure${p.failures === 1 ? '' : 's'}`,
      );
    },
    done(r) {
      if (stream.isTTY) stream.write('\r\x1b[2K');
      stream.write(
        `${MARK[r.verdict]} ${r.id.padEnd(36)} ${String(r.runs).padStart(5)} runs  ${(r.durationMs / 1000).toFixed(1).padStart(6)} s\n`,
      );
    },
  };
}

// Fewer runs than planned because the budget ran out (a cut-off run that ended counts as done).
const cutShort = (r: { interrupted: boolean; runs: number; planned: number }) => r.interrupted && r.runs < r.planned;

/** The closing table: one row per invariant, then the totals. */
export function summaryTable(doc: ResultsDocument): string {
  const rows = doc.invariants.map(
    (r) =>
      `${r.id.padEnd(36)} ${(cutShort(r) ? `${r.runs}/${r.planned}` : String(r.runs)).padStart(6)}  ${r.verdict.padEnd(9)} ${(r.durationMs / 1000).toFixed(1).padStart(7)} s`,
  );
  const s = doc.summary;
  const cut = doc.invariants.some(cutShort);
  return [
    `${'invariant'.padEnd(36)} ${'runs'.padStart(6)}  ${'verdict'.padEnd(9)} ${'time'.padStart(9)}`,
    ...rows,
    ...(cut ? ['(runs done/planned: the time budget ended those invariants early; see --time-budget)'] : []),
    '',
    `${s.invariants} invariants: ${s.held} held, ${s.violated} violated, ${s.skipped} skipped, ${s.errors} errors`,
    `${s.requests} requests (peak ${s.peakRequestsPer3s} per 3 s) · ${(doc.durationMs / 1000).toFixed(1)} s · seed ${doc.seed} · ${doc.target.label}`,
  ].join('\n');
}
