import type { PropagationSample } from '../campaign/index.ts';
import { escapeHtml } from './html-escape.ts';

/**
 * The ticks of an axis from 0 that fits `max`: steps of 1, 2 or 5 × 10^k, about five of them, the
 * last one the first at or above `max`. A run's latencies may be 2 ms on the mock or 2 s on
 * staging; a fixed axis hides one or the other.
 */
export function axisTicks(max: number): number[] {
  const top = max > 0 ? max : 1;
  const rough = top / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) as number;
  const count = Math.ceil(top / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

const CHART = { width: 760, row: 34, left: 130, right: 90, axis: 34 };

/** Permission propagation: one row per surface, a dot per update, and how many never showed. */
export function propagationChart(samples: readonly PropagationSample[]): string {
  if (samples.length === 0) return '<p class="meta">No permission changes were measured in this run.</p>';
  const surfaces = [...new Set(samples.map((s) => s.surface))];
  const reflected = samples.flatMap((s) => (s.reflectedAfterMs === null ? [] : [s.reflectedAfterMs]));
  const ticks = axisTicks(Math.max(0, ...reflected));
  const top = ticks.at(-1) as number;
  const plot = CHART.width - CHART.left - CHART.right;
  const x = (ms: number) => (CHART.left + (ms / top) * plot).toFixed(1);
  const bottom = 20 + surfaces.length * CHART.row;
  const rows = surfaces
    .map((surface, i) => {
      const y = 20 + i * CHART.row;
      const mine = samples.filter((s) => s.surface === surface);
      const dots = mine
        .flatMap((s) =>
          s.reflectedAfterMs === null
            ? []
            : [
                `<circle cx="${x(s.reflectedAfterMs)}" cy="${y}" r="3.5" fill="#0969da" fill-opacity="0.45"><title>${s.reflectedAfterMs} ms</title></circle>`,
              ],
        )
        .join('');
      const never = mine.filter((s) => s.reflectedAfterMs === null).length;
      return `<text x="0" y="${y + 4}" font-size="12">${escapeHtml(surface)}</text><line x1="${CHART.left}" x2="${CHART.left + plot}" y1="${y}" y2="${y}" stroke="#d0d7de"/>${dots}
<text x="${CHART.left + plot + 10}" y="${y + 4}" font-size="12" fill="${never ? '#cf222e' : '#57606a'}">${never} never</text>`;
    })
    .join('\n');
  const axis = ticks
    .map(
      (ms) =>
        `<line x1="${x(ms)}" x2="${x(ms)}" y1="8" y2="${bottom - 8}" stroke="#eaeef2"/><text class="tick" x="${x(ms)}" y="${bottom + 8}" font-size="11" text-anchor="middle" fill="#57606a">${ms}</text>`,
    )
    .join('');
  const label = `<text x="${CHART.left + plot / 2}" y="${bottom + CHART.axis - 6}" font-size="11" text-anchor="middle" fill="#57606a">milliseconds from the update's response</text>`;
  const height = bottom + CHART.axis;
  return `<svg class="chart" role="img" aria-label="permission propagation latency" width="${CHART.width}" height="${height}" viewBox="0 0 ${CHART.width} ${height}">${axis}${rows}${label}</svg>`;
}
