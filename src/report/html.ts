import type { Failure, InvariantResult } from '../campaign/index.ts';
import type { TargetInfo } from '../target/index.ts';
import { SCRIPT, STYLE } from './html-assets.ts';
import { propagationChart } from './html-chart.ts';
import { escapeHtml as esc } from './html-escape.ts';
import { headline, shortfall } from './headline.ts';
import { budgetSkipped, type ResultsDocument } from './results.ts';
import { CURL_NOTE, formatExchange } from './text.ts';

const VERDICTS: InvariantResult['verdict'][] = ['violated', 'error', 'interrupted', 'skipped', 'held'];

const failureId = (inv: InvariantResult, index: number) => `${inv.id}-${index + 1}`;

function card(inv: InvariantResult): string {
  const share = inv.planned > 0 ? Math.min(100, (inv.runs / inv.planned) * 100) : 0;
  const failures =
    inv.failures.length > 1
      ? ` · ${inv.failures.length} distinct failures: ${inv.failures.map((_, i) => `<a href="#${esc(failureId(inv, i))}">${i + 1}</a>`).join(' ')}`
      : '';
  const reason = shortfall(inv) || (inv.error ?? inv.skipReason ?? '');
  const label = budgetSkipped(inv) ? 'not started' : inv.verdict;
  const body = `<div class="id">${esc(inv.id)}</div>
<div class="title">${esc(inv.title)}</div><span class="pill">${label}</span>
<span class="meta"> <span class="runs">${inv.runs} of ${inv.planned} runs</span> · ${(inv.durationMs / 1000).toFixed(1)} s${failures}</span>
${reason ? `<div class="why">${esc(reason)}</div>` : ''}<div class="progress"><span style="width:${share.toFixed(1)}%"></span></div>`;
  const attributes = `class="card ${inv.verdict}" data-invariant="${esc(inv.id)}" data-verdict="${inv.verdict}"`;
  // With several failures the card holds a link to each, and links cannot nest: the first is the card's own.
  return inv.failures.length === 1
    ? `<a ${attributes} href="#${esc(failureId(inv, 0))}">${body}</a>`
    : `<div ${attributes}>${body}</div>`;
}

const copyable = (element: string, attributes: string, text: string) =>
  `<div class="copyable"><${element} ${attributes} data-copyable>${esc(text)}</${element}><button type="button" class="copy">copy</button></div>`;

function failureSection(inv: InvariantResult, failure: Failure, index: number, target: TargetInfo['kind']): string {
  const cx = failure.counterexample;
  const exchanges = cx.exchanges
    .map(
      (exchange, i) =>
        `<pre>${esc(formatExchange(exchange))}</pre>\n${copyable('pre', 'class="curl" data-curl', cx.curl[i] ?? '')}`,
    )
    .join('\n');
  const seen = failure.occurrences > 1 ? ` · seen in ${failure.occurrences} runs` : '';
  return `<details class="failure" id="${esc(failureId(inv, index))}" data-invariant="${esc(inv.id)}" data-verdict="${inv.verdict}">
<summary>✗ <code>${esc(inv.id)}</code> <span class="message">${esc(cx.message)}</span></summary>
<div class="body"><p class="meta">${esc(inv.title)} · <code>${esc(failure.key)}</code>${seen} · found at run ${failure.foundAt.run}</p>
<blockquote>“${esc(inv.doc.quote)}” — <a href="${esc(inv.doc.url)}">${esc(inv.doc.url)}</a></blockquote>
<p>Case: ${esc(cx.description)} (shrunk ${cx.shrinks} times). Seed <code>${cx.seed}</code>, path <code>${esc(cx.path)}</code>.</p>
<p>Replay:</p>${copyable('code', 'class="line" data-replay', cx.replay)}
${exchanges}
<p class="note" data-curl-note>${esc(CURL_NOTE[target])}</p></div></details>`;
}

function toolbar(doc: ResultsDocument): string {
  const buttons = VERDICTS.flatMap((verdict) => {
    const count = doc.invariants.filter((inv) => inv.verdict === verdict).length;
    return count === 0
      ? []
      : [`<button type="button" data-filter="${verdict}" aria-pressed="false">${verdict} (${count})</button>`];
  });
  return `<div class="toolbar"><button type="button" data-filter="all" aria-pressed="true">all (${doc.invariants.length})</button>${buttons.join('')}
<input type="search" placeholder="filter by invariant" aria-label="filter by invariant"></div>`;
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

/**
 * index.html: a self-contained page (no external assets) for people — the headline, a card per
 * invariant linked to its failures, a filter, each counterexample folded with copy buttons for
 * its replay and curl lines, and the permission-propagation chart.
 */
export function htmlReport(doc: ResultsDocument): string {
  const { summary } = doc;
  const failures = doc.invariants.flatMap((inv) =>
    inv.failures.map((failure, i) => failureSection(inv, failure, i, doc.target.kind)),
  );
  const ending = doc.ending === 'completed' ? '' : ` · ended: ${esc(doc.ending)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>token-contract: ${esc(summary.verdict)} — ${esc(doc.target.label)}</title><style>${STYLE}</style></head>
<body>
<header><h1>PUT /access_tokens/:id — contract report</h1><span class="badge ${summary.verdict}">${esc(headline(doc))}</span>
<span class="meta">target ${esc(doc.target.label)} · seed ${doc.seed} · ${esc(doc.startedAt)} · ${(doc.durationMs / 1000).toFixed(1)} s · ${summary.requests} requests (peak ${summary.peakRequestsPer3s} per 3 s)${ending}</span></header>
<main>
${toolbar(doc)}
<h2>Invariants</h2>
<div class="grid">${doc.invariants.map(card).join('\n')}</div>
${failures.length > 0 ? `<h2>Counterexamples (${failures.length})</h2>${failures.join('\n')}` : ''}
<h2>Permission propagation</h2>
<p class="meta">Time from the update's response to the first call with the updated token that reflected the change. The contract says: the very next call.</p>
${propagationChart(doc.propagation.samples)}
${propagationTable(doc)}
</main><script>${SCRIPT}</script></body></html>
`;
}
