import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Leak } from './types.ts';

function filesUnder(path: string): string[] {
  let entries: string[];
  try {
    if (!statSync(path).isDirectory()) return [path];
    entries = readdirSync(path);
  } catch {
    return [];
  }
  return entries.flatMap((name) => filesUnder(join(path, name)));
}

/**
 * The artefact lint: every file under `paths` (reports, pact files) is searched for every secret
 * seen during the run that looks like one (see `looksLikeSecret`). A leak fails the run.
 */
export function findLeaks(paths: readonly string[], needles: readonly string[]): Leak[] {
  const leaks: Leak[] = [];
  for (const file of paths.flatMap(filesUnder)) {
    const text = readFileSync(file, 'latin1');
    for (const secret of needles) {
      const offset = text.indexOf(secret);
      if (offset >= 0) leaks.push({ file, offset });
    }
  }
  return leaks;
}
