import type { ResultsDocument } from './results.ts';
import { formatCounterexample } from './text.ts';

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
  const cases = doc.invariants.map((inv) => {
    const open = `    <testcase classname="token-contract.${escape(doc.target.kind)}" name="${escape(inv.id)}" time="${(inv.durationMs / 1000).toFixed(3)}">`;
    const props = `      <system-out>${cdata(`${inv.title}\n${inv.runs} runs (${inv.requests} requests), seed ${inv.seed}\n"${inv.doc.quote}" — ${inv.doc.url}`)}</system-out>`;
    let body = '';
    if (inv.verdict === 'violated' && inv.counterexample) {
      body = `      <failure message="${escape(printable(inv.counterexample.message))}" type="violation">${cdata(formatCounterexample(inv.id, inv.title, inv.doc, inv.counterexample))}</failure>`;
    } else if (inv.verdict === 'error') {
      body = `      <error message="${escape(printable(inv.error ?? 'error'))}" type="error"/>`;
    } else if (inv.verdict === 'skipped') {
      body = `      <skipped message="${escape(inv.skipReason ?? '')}"/>`;
    }
    return [open, body, props, '    </testcase>'].filter(Boolean).join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="token-contract" tests="${summary.invariants}" failures="${summary.violated}" errors="${summary.errors}" skipped="${summary.skipped}" time="${(doc.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="DatoCMS PUT /access_tokens/:id against ${escape(doc.target.label)}" tests="${summary.invariants}" failures="${summary.violated}" errors="${summary.errors}" skipped="${summary.skipped}" timestamp="${doc.startedAt}" time="${(doc.durationMs / 1000).toFixed(3)}">`,
    '    <properties>',
    `      <property name="seed" value="${doc.seed}"/>`,
    `      <property name="target" value="${escape(doc.target.label)}"/>`,
    `      <property name="requests" value="${summary.requests}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
