import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CampaignEvent, CampaignResult, Handler, InvariantResult } from '../../src/campaign/index.ts';
import type { InvariantId } from '../../src/invariants/index.ts';
import {
  artefactLint,
  fileReports,
  NO_SECRETS,
  htmlReport,
  junitXml,
  markdownSummary,
  propagationStats,
  reportPaths,
  ResultsRecorder,
  summaryTable,
  type ResultsDocument,
} from '../../src/report/index.ts';
import { campaign } from '../support/campaign.ts';

const hostile = '<script>alert("x")</script> ]]> & \u0000';

function withHostileFailure(doc: ResultsDocument): ResultsDocument {
  const [first, ...rest] = doc.invariants;
  const [failure] = first!.failures;
  const counterexample = { ...failure!.counterexample, message: hostile, description: hostile };
  return { ...doc, invariants: [{ ...first!, failures: [{ ...failure!, counterexample }] }, ...rest] };
}

/** The document of a campaign whose time budget ran out before any invariant's first run. */
function starved(doc: ResultsDocument): ResultsDocument {
  const invariants = doc.invariants.map((inv) => ({
    ...inv,
    verdict: 'skipped' as const,
    runs: 0,
    failures: [],
    skipReason: 'the time budget ran out before its first run',
  }));
  const summary = { ...doc.summary, verdict: 'incomplete' as const, held: 0, violated: 0, failures: 0 };
  return { ...doc, invariants, summary: { ...summary, skipped: invariants.length } };
}

const schema = JSON.parse(readFileSync(new URL('../../spec/results.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validResults = ajv.compile(schema);

describe('the file reports, as handlers of the campaign', () => {
  it('write results.json after each invariant, every event to events.ndjson, and the rest at the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reports-'));
    const recorder = new ResultsRecorder('test');
    const paths = reportPaths(dir);
    const seen: ResultsDocument['ending'][] = [];
    const peek: Handler = (event) => {
      if (event.type === 'invariant-finished')
        seen.push((JSON.parse(readFileSync(paths.json, 'utf8')) as ResultsDocument).ending);
    };
    await campaign(
      ['secret-unchanged', 'others-untouched'],
      ['secret-rotates-on-update'],
      [recorder.handle, fileReports(dir, recorder, NO_SECRETS), peek],
    );
    expect(seen).toEqual(['running', 'running']);
    const doc = JSON.parse(readFileSync(paths.json, 'utf8')) as ResultsDocument;
    expect(validResults(doc), JSON.stringify(validResults.errors)).toBe(true);
    expect(doc).toMatchObject({ ending: 'completed', summary: { verdict: 'violated', violated: 1, held: 1 } });
    const events = readFileSync(paths.ndjson, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as CampaignEvent);
    expect(events[0]?.type).toBe('campaign-started');
    expect(events.at(-1)?.type).toBe('campaign-finished');
    expect(events.filter((e) => e.type === 'violation-found').length).toBe(doc.summary.failures);
    expect(XMLValidator.validate(readFileSync(paths.junit, 'utf8'))).toBe(true);
    expect(readFileSync(paths.html, 'utf8')).toContain('secret-unchanged-1');
    const markdown = readFileSync(paths.markdown, 'utf8');
    expect(markdown).toMatch(
      /^### token-contract — violated: 1 violated \(1 distinct failure\) · 1 held · 24 of 24 runs\n/,
    );
    expect(markdown).toContain('| ❌ violated | `secret-unchanged` |');
    expect(markdown).toContain('| ✅ held | `others-untouched` | 12 of 12 |');
    expect(markdown).toMatch(
      /<details><summary>❌ secret-unchanged: [^\n]+<\/summary>\n[\s\S]*```sh\n[^\n]*--replay[^\n]*\n```/,
    );
  });

  it('escape whatever a server answers, in JUnit and in HTML', async () => {
    const recorder = new ResultsRecorder('test');
    await campaign(['secret-unchanged'], ['secret-rotates-on-update'], [recorder.handle]);
    const doc = withHostileFailure(recorder.document());
    const junit = junitXml(doc);
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toContain('<failure message="&lt;script&gt;');
    const html = htmlReport(doc);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const markdown = markdownSummary(doc);
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('&lt;script&gt;alert("x")&lt;/script&gt; \\]\\]&gt; &amp;');
  });

  it('say what did not run: an incomplete campaign is not "0 violated · 0 held"', async () => {
    const recorder = new ResultsRecorder('test');
    await campaign(['secret-unchanged', 'others-untouched'], [], [recorder.handle]);
    const doc = starved(recorder.document());
    const markdown = markdownSummary(doc);
    expect(markdown.split('\n')[0]).toBe(
      '### token-contract — incomplete: 2 not started: the time budget ran out · 0 of 24 runs',
    );
    expect(markdown).toContain('| ⏭️ skipped | `secret-unchanged` | 0 of 12 |');
    const html = htmlReport(doc);
    expect(html).toContain(
      '<span class="badge incomplete">incomplete: 2 not started: the time budget ran out · 0 of 24 runs</span>',
    );
    expect(html).not.toContain('0 violated');
  });

  it('say "N of M runs" in the console and in JUnit when the time budget cut invariants short', () => {
    const ran = (id: InvariantId, runs: number): InvariantResult => ({
      id,
      title: id,
      doc: { kind: 'datocms', url: 'https://www.datocms.com/docs', quote: 'q' },
      verdict: 'held',
      runs,
      planned: 6,
      stopped: runs < 6 ? 'time-budget' : undefined,
      durationMs: 1,
      requests: 1,
      seed: 1,
      failures: [],
    });
    const documentOf = (results: InvariantResult[]) => {
      const recorder = new ResultsRecorder('test');
      const target = { kind: 'remote', label: 'staging', cmaUrl: 'x', cdaUrl: 'y', disposable: false } as const;
      const startedAt = new Date().toISOString();
      const invariants = results.map((r) => ({ id: r.id, title: r.title, planned: r.planned }));
      void recorder.handle({ type: 'campaign-started', startedAt, target, seed: 1, strict: false, invariants });
      const result = { target, seed: 1, startedAt, durationMs: 1, ending: 'completed' as const, invariants: results };
      void recorder.handle({
        type: 'campaign-finished',
        result: { ...result, requests: 2, peakRequestsPer3s: 2, propagation: [] },
      });
      return recorder.document();
    };
    const cut = documentOf([ran('secret-unchanged', 3), ran('idempotent', 6)]);
    const junit = junitXml(cut);
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toContain('3 of 6 runs: the time budget ended it early (--time-budget)');
    expect(junit).toContain('<property name="runs" value="9 of 12: the time budget ended 1 invariant(s) early"/>');
    expect(summaryTable(cut)).toContain('9 of 12 runs; the time budget ended 1 invariant early');
    expect(junitXml(documentOf([ran('idempotent', 6)]))).toContain('<property name="runs" value="6 of 6"/>');
  });

  it('summarise the permission-propagation timings', () => {
    const stats = propagationStats([
      { invariant: 'permissions-immediate-cma', surface: 'cma', reflectedAfterMs: 1, probes: 1 },
      { invariant: 'permissions-immediate-cma', surface: 'cma', reflectedAfterMs: 3, probes: 1 },
      { invariant: 'permissions-immediate-cma', surface: 'cma', reflectedAfterMs: 900, probes: 9 },
      { invariant: 'permissions-immediate-cma', surface: 'cma', reflectedAfterMs: null, probes: 15 },
    ]);
    expect(stats).toEqual([{ surface: 'cma', samples: 4, p50: 3, p95: 900, max: 900, neverReflected: 1 }]);
  });
});

describe('the artefact lint', () => {
  it('lints every report before it is written: one that would hold a secret is withheld, and the run told', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'withheld-'));
    const recorder = new ResultsRecorder('test');
    const withheld: string[] = [];
    // The fault's counterexample names the rotated token's fingerprint: let that stand for a secret.
    const lint = {
      holdsSecret: (text: string) => text.includes('sha256:'),
      withheld: (file: string) => void withheld.push(file),
    };
    await campaign(
      ['secret-unchanged'],
      ['secret-rotates-on-update'],
      [recorder.handle, fileReports(dir, recorder, lint)],
    );
    const paths = reportPaths(dir);
    expect(existsSync(paths.json)).toBe(false);
    expect(withheld).toContain(paths.json);
    expect(readFileSync(paths.ndjson, 'utf8')).not.toContain('sha256:');
  });

  it('finds nothing in the reports of a real campaign', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reports-'));
    const recorder = new ResultsRecorder('test');
    const { target } = await campaign(
      ['secret-unchanged', 'hardcoded-rejected'],
      ['secret-rotates-on-update'],
      [recorder.handle, fileReports(dir, recorder, NO_SECRETS)],
    );
    expect(target.findLeaks([dir])).toEqual([]);
  });

  it('removes a report that holds a secret once the campaign is over, and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leaky-'));
    const file = join(dir, 'results.json');
    writeFileSync(file, '{"token":"…"}');
    const lint = artefactLint([dir], {
      findLeaks: (paths) => (paths.includes(dir) ? [{ file, offset: 10 }] : []),
      holdsSecret: () => false,
    });
    const result: CampaignResult = {
      target: { kind: 'mock', label: 'embedded mock', cmaUrl: '', cdaUrl: '', disposable: true },
      seed: 1,
      startedAt: new Date().toISOString(),
      durationMs: 0,
      ending: 'completed',
      invariants: [],
      requests: 0,
      peakRequestsPer3s: 0,
      propagation: [],
    };
    await lint.handle({ type: 'campaign-finished', result });
    expect(lint.leaks()).toEqual([{ file, offset: 10 }]);
    expect(existsSync(file)).toBe(false);
  });
});
