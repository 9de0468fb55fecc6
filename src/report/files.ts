import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handler } from '../campaign/index.ts';
import type { Leak } from '../target/index.ts';
import { htmlReport } from './html.ts';
import { junitXml } from './junit.ts';
import type { ResultsRecorder } from './results.ts';

export interface ReportPaths {
  json: string;
  ndjson: string;
  junit: string;
  html: string;
}

export const reportPaths = (dir: string): ReportPaths => ({
  json: join(dir, 'results.json'),
  ndjson: join(dir, 'events.ndjson'),
  junit: join(dir, 'junit.xml'),
  html: join(dir, 'index.html'),
});

/**
 * The file reports, as a handler of the campaign's events: events.ndjson gets every event as it
 * happens, results.json is rewritten after each invariant, and junit.xml and index.html are
 * rendered at the end. A run killed half-way still leaves what it had found.
 */
export function fileReports(dir: string, recorder: ResultsRecorder): Handler {
  const paths = reportPaths(dir);
  const writeResults = () => writeFileSync(paths.json, `${JSON.stringify(recorder.document(), null, 2)}\n`);
  return (event) => {
    if (event.type === 'campaign-started') {
      mkdirSync(dir, { recursive: true });
      writeFileSync(paths.ndjson, '');
    }
    appendFileSync(paths.ndjson, `${JSON.stringify(event)}\n`);
    if (event.type === 'campaign-started' || event.type === 'invariant-finished') writeResults();
    if (event.type === 'campaign-finished') {
      writeResults();
      const doc = recorder.document();
      writeFileSync(paths.junit, junitXml(doc));
      writeFileSync(paths.html, htmlReport(doc));
    }
  };
}

/**
 * The artefact lint, once the reports are written: every file under `paths` is searched for every
 * secret the target saw (`find`, which keeps the secrets to itself). A file that holds one is
 * removed — a CI job uploads `reports/` whatever happens — and the run fails.
 */
export function artefactLint(
  paths: readonly string[],
  find: (paths: readonly string[]) => Leak[],
): { handle: Handler; leaks(): readonly Leak[] } {
  let leaks: Leak[] = [];
  return {
    handle: (event) => {
      if (event.type !== 'campaign-finished') return;
      leaks = find(paths);
      for (const file of new Set(leaks.map((leak) => leak.file))) rmSync(file, { force: true });
    },
    leaks: () => leaks,
  };
}
