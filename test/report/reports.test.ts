import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CampaignResult } from '../../src/campaign/index.ts';
import { findLeaks, htmlReport, junitXml, propagationStats, resultsDocument } from '../../src/report/index.ts';
import { campaign } from '../support/campaign.ts';

const hostile = '<script>alert("x")</script> ]]> & \u0000';

function withHostileCounterexample(result: CampaignResult): CampaignResult {
  const [first, ...rest] = result.invariants;
  const cx = first!.counterexample!;
  return {
    ...result,
    invariants: [{ ...first!, counterexample: { ...cx, message: hostile, description: hostile } }, ...rest],
  };
}

describe('reports', () => {
  it('escape whatever a server answers, in JUnit and in HTML', async () => {
    const { result } = await campaign(['secret-unchanged'], ['secret-rotates-on-update']);
    const doc = resultsDocument(withHostileCounterexample(result), { strict: false, version: 'test' });
    const junit = junitXml(doc);
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toContain('<failure message="&lt;script&gt;');
    const html = htmlReport(doc);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
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
  it('finds a planted secret in any file under the directories, and reports where, not what', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-'));
    writeFileSync(join(dir, 'clean.json'), '{"token":"[redacted sha256:0123456789abcdef]"}');
    writeFileSync(join(dir, 'leak.log'), 'Authorization: Bearer 0123456789abcdef0123456789abcdef');
    const leaks = findLeaks([dir, join(dir, 'missing')], ['0123456789abcdef0123456789abcdef', 'short']);
    expect(leaks).toEqual([{ file: join(dir, 'leak.log'), offset: 22 }]);
  });

  it('finds nothing in the reports of a real campaign', async () => {
    const { result, secrets } = await campaign(
      ['secret-unchanged', 'hardcoded-rejected'],
      ['secret-rotates-on-update'],
    );
    const dir = mkdtempSync(join(tmpdir(), 'reports-'));
    const doc = resultsDocument(result, { strict: false, version: 'test' });
    writeFileSync(join(dir, 'results.json'), JSON.stringify(doc));
    writeFileSync(join(dir, 'index.html'), htmlReport(doc));
    writeFileSync(join(dir, 'junit.xml'), junitXml(doc));
    expect(secrets.length).toBeGreaterThan(3);
    expect(findLeaks([dir], secrets)).toEqual([]);
  });
});
