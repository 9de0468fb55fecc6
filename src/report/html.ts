import type { Failure, InvariantResult, PropagationSample } from '../campaign/index.ts';
import type { ResultsDocument } from './results.ts';
import { formatExchange } from './text.ts';

const esc = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const VERDICT_LABEL: Record<InvariantResult['verdict'], string> = {
  held: 'held',
  violated: 'violated',
  skipped: 'skipped',
  error: 'error',
  interrupted: 'interrupted',
};

const STYLE = `
:root { --ok:#1a7f37; --bad:#cf222e; --warn:#9a6700; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; }
header { padding: 20px 28px; border-bottom: 1px solid var(--line); display: flex; gap: 24px; align-items: center; flex-wrap: wrap; }
h1 { font-size: 20px; margin: 0; } h2 { font-size: 17px; margin: 28px 0 12px; } h3 { font-size: 15px; margin: 0 0 6px; }
main { padding: 0 28px 40px; max-width: 1200px; }
.meta { color: var(--muted); font-size: 13px; }
.badge { padding: 4px 12px; border-radius: 999px; font-weight: 600; color: #fff; }
.held { background: var(--ok); } .violated { background: var(--bad); } .skipped, .incomplete, .interrupted, .running { background: var(--muted); } .error { background: var(--warn); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; border-left-width: 6px; }
.card.held { border-left-color: var(--ok); background: #fff; } .card.violated { border-left-color: var(--bad); background: #fff5f5; }
.card.skipped, .card.interrupted { border-left-color: var(--muted); background: #fff; } .card.error { border-left-color: var(--warn); background: #fff8e6; }
.card .id { font-family: ui-monospace, monospace; font-weight: 600; } .card .title { font-size: 13px; color: var(--muted); margin: 4px 0; }
.pill { font-size: 12px; padding: 1px 8px; border-radius: 999px; color: #fff; }
.failure { border: 1px solid var(--bad); border-radius: 8px; padding: 14px 16px; margin: 14px 0; }
.failure .message { font-weight: 600; color: var(--bad); }
blockquote { margin: 8px 0; padding: 4px 12px; border-left: 3px solid var(--line); color: var(--muted); }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 10px; overflow-x: auto; font-size: 12.5px; margin: 6px 0; }
pre.curl { background: #0d1117; color: #e6edf3; white-space: pre-wrap; word-break: break-all; }
code { font-family: ui-monospace, monospace; } .failure p code { word-break: break-all; }
table { border-collapse: collapse; font-size: 13px; } td, th { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; }
`;

/** index.html: a self-contained page (no external assets) for people. */
export function htmlReport(doc: ResultsDocument): string {
  const { summary } = doc;
  const cards = doc.invariants
    .map(
      (inv) => `<div class="card ${inv.verdict}" data-invariant="${esc(inv.id)}"><div class="id">${esc(inv.id)}</div>
<div class="title">${esc(inv.title)}</div><span class="pill ${inv.verdict}">${VERDICT_LABEL[inv.verdict]}</span>
<span class="meta"> ${inv.runs}/${inv.planned} runs · ${(inv.durationMs / 1000).toFixed(1)} s${inv.failures.length > 1 ? ` · ${inv.failures.length} distinct failures` : ''}</span></div>`,
    )
    .join('\n');
  const failures = doc.invariants
    .flatMap((inv) => inv.failures.map((failure, i) => failureSection(inv, failure, i)))
    .join('\n');
  const problems = doc.invariants
    .filter((inv) => inv.verdict === 'error' || inv.verdict === 'skipped' || inv.verdict === 'interrupted')
    .map(
      (inv) =>
        `<li><code>${esc(inv.id)}</code> ${VERDICT_LABEL[inv.verdict]}: ${esc(inv.error ?? inv.skipReason ?? '')}</li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>token-contract: ${esc(summary.verdict)} — ${esc(doc.target.label)}</title><style>${STYLE}</style></head>
<body>
<header><h1>PUT /access_tokens/:id — contract report</h1><span class="badge ${summary.verdict}">${esc(summary.verdict)}: ${summary.violated} violated (${summary.failures} distinct failures) · ${summary.held} held · ${summary.skipped + summary.interrupted} not run</span>
<span class="meta">target ${esc(doc.target.label)} · seed ${doc.seed} · ${esc(doc.startedAt)} · ${(doc.durationMs / 1000).toFixed(1)} s · ${summary.requests} requests (peak ${summary.peakRequestsPer3s} per 3 s)</span></header>
<main>
<h2>Invariants</h2>
<div class="grid">${cards}</div>
${failures ? `<h2>Counterexamples</h2>${failures}` : ''}
${problems ? `<h2>Not run</h2><ul>${problems}</ul>` : ''}
<h2>Permission propagation</h2>
<p class="meta">Time from the update's response to the first call with the updated token that reflected the change. The contract says: the very next call.</p>
${propagationChart(doc.propagation.samples)}
${propagationTable(doc)}
</main></body></html>
`;
}

function failureSection(inv: InvariantResult, failure: Failure, index: number): string {
  const cx = failure.counterexample;
  const exchanges = cx.exchanges
    .map(
      (exchange, i) =>
        `<pre>${esc(formatExchange(exchange))}</pre>\n<pre class="curl" data-curl>${esc(cx.curl[i] ?? '')}</pre>`,
    )
    .join('\n');
  const seen = failure.occurrences > 1 ? ` · seen in ${failure.occurrences} runs` : '';
  return `<section class="failure" id="${esc(inv.id)}-${index + 1}"><h3>✗ <code>${esc(inv.id)}</code> — ${esc(inv.title)}</h3>
<p class="meta"><code>${esc(failure.key)}</code>${seen}</p>
<p class="message">${esc(cx.message)}</p>
<blockquote>“${esc(inv.doc.quote)}” — <a href="${esc(inv.doc.url)}">${esc(inv.doc.url)}</a></blockquote>
<p>Case: ${esc(cx.description)} (shrunk ${cx.shrinks} times). Seed <code>${cx.seed}</code>, path <code>${esc(cx.path)}</code>.</p>
<p>Replay: <code>${esc(cx.replay)}</code></p>
${exchanges}</section>`;
}

const CHART = { width: 760, row: 34, left: 130, right: 90 };

function propagationChart(samples: readonly PropagationSample[]): string {
  if (samples.length === 0) return '<p class="meta">No permission changes were measured in this run.</p>';
  const surfaces = [...new Set(samples.map((s) => s.surface))];
  const reflected = samples.flatMap((s) => (s.reflectedAfterMs === null ? [] : [s.reflectedAfterMs]));
  const max = Math.max(50, ...reflected);
  const plot = CHART.width - CHART.left - CHART.right;
  const x = (ms: number) => CHART.left + (ms / max) * plot;
  const height = surfaces.length * CHART.row + 30;
  const rows = surfaces
    .map((surface, i) => {
      const y = 20 + i * CHART.row;
      const mine = samples.filter((s) => s.surface === surface);
      const dots = mine
        .flatMap((s) =>
          s.reflectedAfterMs === null
            ? []
            : [
                `<circle cx="${x(s.reflectedAfterMs).toFixed(1)}" cy="${y}" r="3.5" fill="#0969da" fill-opacity="0.45"><title>${s.reflectedAfterMs} ms</title></circle>`,
              ],
        )
        .join('');
      const never = mine.filter((s) => s.reflectedAfterMs === null).length;
      return `<text x="0" y="${y + 4}" font-size="12">${esc(surface)}</text><line x1="${CHART.left}" x2="${CHART.left + plot}" y1="${y}" y2="${y}" stroke="#d0d7de"/>${dots}
<text x="${CHART.left + plot + 10}" y="${y + 4}" font-size="12" fill="${never ? '#cf222e' : '#57606a'}">${never} never</text>`;
    })
    .join('\n');
  const axis = `<text x="${CHART.left}" y="${height - 4}" font-size="11" fill="#57606a">0 ms</text><text x="${CHART.left + plot}" y="${height - 4}" font-size="11" text-anchor="end" fill="#57606a">${max} ms</text>`;
  return `<svg role="img" aria-label="permission propagation latency" width="${CHART.width}" height="${height}" viewBox="0 0 ${CHART.width} ${height}">${rows}${axis}</svg>`;
}

function propagationTable(doc: ResultsDocument): string {
  if (doc.propagation.stats.length === 0) return '';
  const ms = (v: number | null) => (v === null ? '—' : `${v} ms`);
  const rows = doc.propagation.stats
    .map(
      (s) =>
        `<tr><td>${esc(s.surface)}</td><td>${s.samples}</td><td>${ms(s.p50)}</td><td>${ms(s.p95)}</td><td>${ms(s.max)}</td><td>${s.neverReflected}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>surface</th><th>changes</th><th>p50</th><th>p95</th><th>max</th><th>never reflected</th></tr>${rows}</table>`;
}
