import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A child process of the benchmark: its entry, bundled beside the code that forks it (bin/bundle.js
 * puts it there). The benchmark runs only bundled, as `token-contract bench` runs it.
 */
function childEntry(name: string): string {
  const file = fileURLToPath(new URL(`./${name}`, import.meta.url));
  if (!existsSync(file)) throw new Error(`${name} is not beside the benchmark: run it bundled (token-contract bench)`);
  return file;
}

export const benchWorker = (): string => childEntry('bench-worker.js');
export const benchMock = (): string => childEntry('bench-mock.js');
