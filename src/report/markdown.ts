import type { Failure, InvariantResult } from '../campaign/index.ts';
import { headline, shortfall } from './headline.ts';
import { escapeHtml } from './html-escape.ts';
import type { ResultsDocument } from './results.ts';

const ICON: Record<InvariantResult['verdict'], string> = {
  held: '✅',
  violated: '❌',
  error: '⚠️',
  skipped: '⏭️',
  interrupted: '⏹️',
};

/** Text that GitHub renders as itself, in a paragraph or a table cell: no HTML, no cell breaks. */
const inline = (text: string) =>
  text
    .replace(/[\\`*_[\]|<>&]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
    .replace(/\s*\n\s*/g, ' ');

/** A fenced block longer than any run of backticks inside it, so nothing can close it early. */
function fenced(text: string, language = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

function failureDetails(inv: InvariantResult, failure: Failure): string {
  const cx = failure.counterexample;
  const seen = failure.occurrences > 1 ? ` (seen in ${failure.occurrences} runs)` : '';
  return [
    // An HTML block: GitHub renders no markdown on this line, so only HTML escapes apply.
    `<details><summary>❌ ${escapeHtml(`${inv.id}: ${cx.message}${seen}`.replace(/\s*\n\s*/g, ' '))}</summary>`,
    '',
    `> ${inline(inv.doc.quote)} — <${inv.doc.url}>`,
    '',
    `Case: ${inline(cx.description)} (shrunk ${cx.shrinks} times). Replay:`,
    '',
    fenced(cx.replay, 'sh'),
    '',
    ...(cx.curl.length > 0 ? ['The requests:', '', fenced(cx.curl.join('\n'), 'sh'), ''] : []),
    '</details>',
  ].join('\n');
}

/**
 * summary.md: the campaign for a GitHub step summary ($GITHUB_STEP_SUMMARY) or a pull-request
 * comment — the headline, a table of the invariants, and each failure folded.
 */
export function markdownSummary(doc: ResultsDocument): string {
  const rows = doc.invariants.map((inv) => {
    const note =
      shortfall(inv) ||
      (inv.error ?? inv.skipReason ?? (inv.failures.length > 1 ? `${inv.failures.length} distinct failures` : ''));
    return `| ${ICON[inv.verdict]} ${inv.verdict} | \`${inv.id}\` | ${inv.runs} of ${inv.planned} | ${(inv.durationMs / 1000).toFixed(1)} s | ${inline(note)} |`;
  });
  const failures = doc.invariants.flatMap((inv) => inv.failures.map((failure) => failureDetails(inv, failure)));
  return [
    `### token-contract — ${inline(headline(doc))}`,
    '',
    `Target: ${inline(doc.target.label)} · seed ${doc.seed} · ${(doc.durationMs / 1000).toFixed(1)} s · ${doc.summary.requests} requests · ending: ${doc.ending}`,
    '',
    '| verdict | invariant | runs | time | note |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...(failures.length > 0 ? ['#### Failures', '', ...failures.flatMap((f) => [f, ''])] : []),
  ].join('\n');
}
