import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fileReports, NO_SECRETS, reportPaths, ResultsRecorder } from '../../src/report/index.ts';
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

describe('reports/index.html in a real browser', () => {
  it('shows the failing invariant with its curl line', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y --no-install-recommends chromium\` (.ci/run does it)`,
      );
    }
    const dir = resolve('reports/browser-test');
    const recorder = new ResultsRecorder('test');
    await campaign(
      ['secret-unchanged', 'others-untouched'],
      ['secret-rotates-on-update'],
      [recorder.handle, fileReports(dir, recorder, NO_SECRETS)],
    );
    const { html } = reportPaths(dir);

    const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
    });
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(html).href);
      expect(await page.title()).toMatch(/^token-contract: violated/);
      await expect
        .poll(() => page.locator('[data-invariant="secret-unchanged"]').getAttribute('class'))
        .toContain('violated');
      expect(await page.locator('[data-invariant="others-untouched"]').getAttribute('class')).toContain('held');
      const failure = page.locator('section.failure#secret-unchanged-1');
      expect(await failure.isVisible()).toBe(true);
      expect(await failure.locator('.message').innerText()).toMatch(/the secret changed/);
      const curl = await failure.locator('[data-curl]').first().innerText();
      expect(curl).toMatch(/^curl -sS -X PUT "\$DATOCMS_CMA_URL"'\/access_tokens\/\d+'/);
      expect(curl).toContain('$DATOCMS_API_TOKEN');
      mkdirSync('reports', { recursive: true });
      await page.screenshot({ path: 'reports/report-screenshot.png', fullPage: true });
      expect(statSync('reports/report-screenshot.png').size).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
  }, 60_000);
});
