import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ChildEntry {
  file: string;
  execArgv: string[];
}

/**
 * A child process of the benchmark: its entry beside this code when the code runs bundled (a
 * clone's cached bundle: bin/bundle.js puts it there), else its source file, run through tsx (the
 * tests that load the sources).
 */
function childEntry(bundled: string, source: string): ChildEntry {
  const beside = new URL(`./${bundled}`, import.meta.url);
  if (existsSync(beside)) return { file: fileURLToPath(beside), execArgv: [] };
  return { file: fileURLToPath(new URL(`./${source}`, import.meta.url)), execArgv: ['--import', 'tsx'] };
}

export const benchWorker = (): ChildEntry => childEntry('bench-worker.js', 'worker.ts');
export const benchMock = (): ChildEntry => childEntry('bench-mock.js', 'mock-process.ts');
