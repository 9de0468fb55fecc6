import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fileReports,
  htmlReport,
  NO_SECRETS,
  reportPaths,
  ResultsRecorder,
  type ResultsDocument,
} from '../../src/report/index.ts';
import { campaign } from '../support/campaign.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SCREENSHOT = 'reports/report-screenshot.png';

let context: BrowserContext;

/** A page whose clipboard records what the report copies (headless Chromium has no clipboard of its own to read). */
async function newPage(): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(() => {
    const copied: string[] = [];
    Object.assign(window, { copied });
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: (text: string) => Promise.resolve(void copied.push(text)) },
    });
  });
  return page;
}

const copied = (page: Page) => page.evaluate(() => (window as unknown as { copied: string[] }).copied);

describe('reports/index.html in a real browser', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y --no-install-recommends chromium\` (.ci/run does it)`,
      );
    }
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
    });
  }, 30_000);
  afterAll(() => context?.close());

  it('links each card to its folded failure, copies the replay and curl lines, and filters', async () => {
    const dir = resolve('reports/browser-test');
    const recorder = new ResultsRecorder('test');
    await campaign(
      ['secret-unchanged', 'others-untouched', 'permissions-immediate-cma'],
      ['secret-rotates-on-update'],
      [recorder.handle, fileReports(dir, recorder, NO_SECRETS)],
    );
    const { html, json } = reportPaths(dir);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as ResultsDocument;
    const page = await newPage();
    await page.goto(pathToFileURL(html).href);

    expect(await page.title()).toMatch(/^token-contract: violated/);
    expect(await page.locator('header .badge').innerText()).toBe(
      'violated: 1 violated (1 distinct failure) · 2 held · 36 of 36 runs',
    );
    const violatedCard = page.locator('.card[data-invariant="secret-unchanged"]');
    expect(await violatedCard.getAttribute('class')).toContain('violated');
    expect(await violatedCard.locator('.runs').innerText()).toBe('12 of 12 runs');
    expect(await page.locator('.card[data-invariant="others-untouched"]').getAttribute('class')).toContain('held');

    // Folded until asked for: the page stays short.
    const failure = page.locator('details.failure#secret-unchanged-1');
    expect(await failure.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    expect(await page.evaluate(() => document.body.scrollHeight)).toBeLessThan(1600);
    await violatedCard.click();
    expect(page.url()).toMatch(/#secret-unchanged-1$/);
    await expect.poll(() => failure.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    expect(await failure.locator('.message').isVisible()).toBe(true);
    expect(await failure.locator('.message').innerText()).toMatch(/the secret changed/);

    const curl = failure.locator('[data-curl]').first();
    expect(await curl.innerText()).toMatch(/^curl -sS -X PUT "\$DATOCMS_CMA_URL"'\/access_tokens\/\d+'/);
    expect(await curl.innerText()).toContain('$DATOCMS_API_TOKEN');
    expect(await failure.locator('[data-curl-note]').innerText()).toMatch(/the embedded mock stopped with the run/);
    await failure.locator('[data-curl] + button.copy').first().click();
    await failure.locator('[data-replay] + button.copy').click();
    expect(await copied(page)).toEqual([
      await curl.textContent(),
      doc.invariants[0]!.failures[0]!.counterexample.replay,
    ]);
    expect(await failure.locator('[data-replay] + button.copy').innerText()).toBe('copied');

    // The chart's axis fits the latencies measured, whatever they are.
    const reflected = doc.propagation.samples.flatMap((s) => (s.reflectedAfterMs === null ? [] : [s.reflectedAfterMs]));
    expect(reflected.length).toBeGreaterThan(0);
    const ticks = (await page.locator('svg.chart text.tick').allTextContents()).map(Number);
    const [highest, top] = [Math.max(...reflected), ticks.at(-1)!];
    expect(ticks[0]).toBe(0);
    expect(top).toBeGreaterThanOrEqual(highest);
    expect(top).toBeLessThanOrEqual(Math.max(1, 1.5 * highest));

    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);

    await page.locator('.toolbar button[data-filter="held"]').click();
    expect(await violatedCard.isHidden()).toBe(true);
    expect(await failure.isHidden()).toBe(true);
    expect(await page.locator('.card[data-invariant="others-untouched"]').isVisible()).toBe(true);
    await page.locator('.toolbar input').fill('permissions');
    expect(
      await page.locator('.card:visible').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-invariant'))),
    ).toEqual(['permissions-immediate-cma']);
    await page.locator('.toolbar button[data-filter="all"]').click();
    await page.locator('.toolbar input').fill('');
    expect(await page.locator('.card:visible').count()).toBe(3);
    await page.close();
  }, 60_000);

  it('shows an interrupted run as interrupted, with what did not start, what the budget cut, and the runs done of those planned', async () => {
    const recorder = new ResultsRecorder('test');
    await campaign(['secret-unchanged', 'others-untouched', 'hardcoded-rejected'], [], [recorder.handle]);
    const finished = recorder.document();
    const [interrupted, starved, held] = finished.invariants;
    const doc: ResultsDocument = {
      ...finished,
      ending: 'interrupted',
      summary: { ...finished.summary, verdict: 'interrupted', held: 1, interrupted: 1, skipped: 1 },
      invariants: [
        { ...interrupted!, verdict: 'interrupted', runs: 3, stopped: 'interrupt' },
        { ...starved!, verdict: 'skipped', runs: 0, skipReason: 'the time budget ran out before its first run' },
        { ...held!, runs: 8, stopped: 'time-budget' },
      ],
    };
    const page = await newPage();
    await page.setContent(htmlReport(doc));
    const badge = page.locator('header .badge');
    expect(await badge.innerText()).toBe(
      `interrupted: 1 held · 1 interrupted · 1 not started: the time budget ran out · ${3 + 8} of ${interrupted!.planned + starved!.planned + held!.planned} runs`,
    );
    expect(await badge.getAttribute('class')).toContain('interrupted');
    const card = (id: string) => page.locator(`.card[data-invariant="${id}"]`);
    expect(await card(interrupted!.id).locator('.pill').innerText()).toBe('interrupted');
    expect(await card(interrupted!.id).locator('.why').innerText()).toBe(
      `interrupted after 3 of ${interrupted!.planned} runs`,
    );
    expect(await card(starved!.id).locator('.pill').innerText()).toBe('not started');
    expect(await card(starved!.id).locator('.runs').innerText()).toBe(`0 of ${starved!.planned} runs`);
    expect(await card(held!.id).locator('.pill').innerText()).toBe('held');
    expect(await card(held!.id).locator('.why').innerText()).toBe(
      `the time budget ran out after 8 of ${held!.planned} runs`,
    );
    expect(await page.locator('header .meta').innerText()).toContain('ended: interrupted');
    await page.close();
  });
});
