import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handler } from '../campaign/index.ts';
import type { Leak } from '../target/index.ts';
import { htmlReport } from './html.ts';
import { junitXml } from './junit.ts';
import { markdownSummary } from './markdown.ts';
import type { ResultsRecorder } from './results.ts';

/** The files a campaign can write, by `--report` name. */
export const REPORT_FORMATS = ['json', 'ndjson', 'junit', 'html', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportPaths {
  json: string;
  ndjson: string;
  junit: string;
  html: string;
  markdown: string;
}

export const reportPaths = (dir: string): ReportPaths => ({
  json: join(dir, 'results.json'),
  ndjson: join(dir, 'events.ndjson'),
  junit: join(dir, 'junit.xml'),
  html: join(dir, 'index.html'),
  markdown: join(dir, 'summary.md'),
});

/** What a report may write: a text that holds a secret is not written, and becomes a leak. */
export interface WriteLint {
  holdsSecret(text: string): boolean;
  withheld(file: string): void;
}

/** No lint: for reports of runs that saw no secret (tests of the reports themselves). */
export const NO_SECRETS: WriteLint = { holdsSecret: () => false, withheld: () => undefined };

/**
 * The file reports, as a handler of the campaign's events: events.ndjson gets every event as it
 * happens, results.json is rewritten after each invariant, and junit.xml, index.html and
 * summary.md are rendered at the end. A run killed half-way still leaves what it had found. Every text is linted
 * before it is written (fail closed): one that holds a secret is withheld, and an older version of
 * its file removed.
 */
/** The paths of the formats chosen, in the order of REPORT_FORMATS. */
export const chosenPaths = (paths: ReportPaths, formats: ReadonlySet<ReportFormat>): string[] =>
  REPORT_FORMATS.filter((format) => formats.has(format)).map((format) => paths[format]);

export function fileReports(
  dir: string,
  recorder: ResultsRecorder,
  lint: WriteLint,
  formats: ReadonlySet<ReportFormat> = new Set(REPORT_FORMATS),
): Handler {
  const paths = reportPaths(dir);
  const write = (format: ReportFormat, text: () => string) => {
    if (!formats.has(format)) return;
    const body = text();
    if (!lint.holdsSecret(body)) return writeFileSync(paths[format], body);
    rmSync(paths[format], { force: true });
    lint.withheld(paths[format]);
  };
  const writeResults = () => write('json', () => `${JSON.stringify(recorder.document(), null, 2)}\n`);
  return (event) => {
    if (event.type === 'campaign-started') {
      mkdirSync(dir, { recursive: true });
      if (formats.has('ndjson')) writeFileSync(paths.ndjson, '');
    }
    const line = `${JSON.stringify(event)}\n`;
    if (formats.has('ndjson')) {
      if (lint.holdsSecret(line)) lint.withheld(paths.ndjson);
      else appendFileSync(paths.ndjson, line);
    }
    if (event.type === 'campaign-started' || event.type === 'invariant-finished') writeResults();
    if (event.type === 'campaign-finished') {
      writeResults();
      const doc = recorder.document();
      write('junit', () => junitXml(doc));
      write('html', () => htmlReport(doc));
      write('markdown', () => markdownSummary(doc));
    }
  };
}

/**
 * The artefact lint. Before a report is written, its text is searched for every secret the target
 * saw (`secrets`, which keeps them to itself); once the campaign is over, so are the files under
 * `paths` that others wrote (the pact files). A file that holds one is removed — a CI job uploads
 * `reports/` whatever happens — and the run fails.
 */
export function artefactLint(
  paths: readonly string[],
  secrets: { findLeaks(paths: readonly string[]): Leak[]; holdsSecret(text: string): boolean },
): WriteLint & { handle: Handler; leaks(): readonly Leak[] } {
  const withheld: Leak[] = [];
  let found: Leak[] = [];
  return {
    holdsSecret: (text) => secrets.holdsSecret(text),
    withheld: (file) => {
      if (!withheld.some((leak) => leak.file === file)) withheld.push({ file, offset: -1 });
    },
    handle: (event) => {
      if (event.type !== 'campaign-finished') return;
      found = secrets.findLeaks(paths);
      for (const file of new Set(found.map((leak) => leak.file))) rmSync(file, { force: true });
    },
    leaks: () => [...withheld, ...found],
  };
}
