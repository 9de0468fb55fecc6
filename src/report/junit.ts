import { cutShort, runTotals, type ResultsDocument } from './results.ts';
import { formatFailure } from './text.ts';

const escape = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
// XML 1.0 cannot carry most control characters, even escaped.
// eslint-disable-next-line no-control-regex -- removing them is the point
const printable = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '�');
const cdata = (text: string) => `<![CDATA[${printable(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** junit.xml: one test case per invariant; a violation is a failure carrying its counterexample. */
export function junitXml(doc: ResultsDocument): string {
  const { summary } = doc;
  const totals = runTotals(doc.invariants);
  const cases = doc.invariants.map((inv) => {
    const open = `    <testcase classname="token-contract.${escape(doc.target.kind)}" name="${escape(inv.id)}" time="${(inv.durationMs / 1000).toFixed(3)}">`;
    const cut = cutShort(inv) ? ': the time budget ended it early (--time-budget)' : '';
    const props = `      <system-out>${cdata(`${inv.title}\n${inv.runs} of ${inv.planned} runs${cut} (${inv.requests} requests), seed ${inv.seed}\n"${inv.doc.quote}" — ${inv.doc.url}`)}</system-out>`;
    let body = '';
    const [first] = inv.failures;
    if (inv.verdict === 'violated' && first) {
      const more = inv.failures.length > 1 ? ` (and ${inv.failures.length - 1} more distinct failure(s))` : '';
      const text = inv.failures.map((f) => formatFailure(inv, f, { target: doc.target.kind })).join('\n\n');
      body = `      <failure message="${escape(printable(first.counterexample.message + more))}" type="violation">${cdata(text)}</failure>`;
    } else if (inv.verdict === 'error') {
      body = `      <error message="${escape(printable(inv.error ?? 'error'))}" type="error"/>`;
    } else if (inv.verdict === 'skipped') {
      body = `      <skipped message="${escape(inv.skipReason ?? '')}"/>`;
    } else if (inv.verdict === 'interrupted') {
      body = `      <skipped message="interrupted after ${inv.runs} of ${inv.planned} runs"/>`;
    }
    return [open, body, props, '    </testcase>'].filter(Boolean).join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="token-contract" tests="${summary.invariants}" failures="${summary.violated}" errors="${summary.errors}" skipped="${summary.skipped + summary.interrupted}" time="${(doc.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="DatoCMS PUT /access_tokens/:id against ${escape(doc.target.label)}" tests="${summary.invariants}" failures="${summary.violated}" errors="${summary.errors}" skipped="${summary.skipped + summary.interrupted}" timestamp="${doc.startedAt}" time="${(doc.durationMs / 1000).toFixed(3)}">`,
    '    <properties>',
    `      <property name="seed" value="${doc.seed}"/>`,
    `      <property name="target" value="${escape(doc.target.label)}"/>`,
    `      <property name="requests" value="${summary.requests}"/>`,
    `      <property name="runs" value="${totals.done} of ${totals.planned}${totals.cut > 0 ? `: the time budget ended ${totals.cut} invariant(s) early` : ''}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
