import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Leak {
  file: string;
  /** Where the secret starts in the file; the secret itself is never reported. */
  offset: number;
}

function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The artefact lint: every file under `dirs` (reports, pact files) is searched for every secret
 * seen during the run. A leak fails the run.
 */
export function findLeaks(dirs: readonly string[], secrets: readonly string[]): Leak[] {
  const needles = secrets.filter((s) => s.length >= 16);
  const leaks: Leak[] = [];
  for (const file of dirs.flatMap(filesUnder)) {
    const text = readFileSync(file, 'latin1');
    for (const secret of needles) {
      const offset = text.indexOf(secret);
      if (offset >= 0) leaks.push({ file, offset });
    }
  }
  return leaks;
}
