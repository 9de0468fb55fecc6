import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.ts';

/**
 * Makes sure the reports can be written, before anything runs: creates the folder and writes a
 * probe file in it. Folders are made one at a time: Node's recursive mkdir spins forever on a
 * path it cannot create under /proc.
 */
export function ensureWritableDir(option: string, dir: string): void {
  const absolute = resolve(dir);
  const missing: string[] = [];
  let existing = absolute;
  while (!existsSync(existing)) {
    missing.unshift(existing);
    existing = dirname(existing);
  }
  if (!statSync(existing).isDirectory()) throw new UsageError(`${option} ${dir}: ${existing} is a file, not a folder`);
  const probe = join(absolute, `.token-contract-probe-${process.pid}`);
  try {
    for (const folder of missing) mkdirSync(folder);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`${option} ${dir}: cannot write there (${code})`);
  }
}
