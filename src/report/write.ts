import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlReport } from './html.ts';
import { junitXml } from './junit.ts';
import type { ResultsDocument } from './results.ts';

export interface WrittenReports {
  json: string;
  junit: string;
  html: string;
}

/** Writes results.json (the source), junit.xml and index.html into `dir`. */
export function writeReports(dir: string, doc: ResultsDocument): WrittenReports {
  mkdirSync(dir, { recursive: true });
  const paths = { json: join(dir, 'results.json'), junit: join(dir, 'junit.xml'), html: join(dir, 'index.html') };
  writeFileSync(paths.json, `${JSON.stringify(doc, null, 2)}\n`);
  writeFileSync(paths.junit, junitXml(doc));
  writeFileSync(paths.html, htmlReport(doc));
  return paths;
}
