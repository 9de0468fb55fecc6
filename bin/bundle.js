// The CLI as one entry file: its sources bundled by esbuild (a devDependency), the packages it
// imports left to node_modules, and what it loads on demand (the benchmark) split into a chunk of
// its own, so that a package without autocannon still starts. The benchmark's child processes
// (its workers, and the mock it measures in a process of its own) are entries beside it, so that
// they run the code the CLI runs, not the sources through tsx. A clone runs such a bundle, cached
// under node_modules/.cache and rebuilt whenever a source changes: loading it takes half the CPU
// that transpiling the sources one by one through a loader does, on every start. The package's
// dist/ is the same bundle (bin/build.js).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Bundles `<root>/src/cli/index.ts` into `outdir`, whose `index.js` is the entry, with the
 * benchmark's child processes beside it (src/bench/child-entries.ts finds them there).
 */
export async function bundleCli(root, outdir, { sourcemap = false } = {}) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: {
      index: join(root, 'src', 'cli', 'index.ts'),
      'bench-worker': join(root, 'src', 'bench', 'worker.ts'),
      'bench-mock': join(root, 'src', 'bench', 'mock-process.ts'),
    },
    outdir,
    bundle: true,
    splitting: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: sourcemap ? 'inline' : false,
    logLevel: 'error',
  });
}

/** The entry of a clone's sources bundled as they are now, with source maps; built if missing. */
export async function cloneBundle(root) {
  // Its version from its manifest: loading esbuild itself, on every start, is needed only to build.
  const { version } = createRequire(import.meta.url)('esbuild/package.json');
  const sources = join(root, 'src');
  // Named by all that makes it: the sources, the tsconfig esbuild reads, this file (its options)
  // and the bundler's version. An edit to any of them is never run stale.
  const hash = createHash('sha256').update(version);
  for (const file of [fileURLToPath(import.meta.url), join(root, 'tsconfig.json')]) hash.update(readFileSync(file));
  for (const file of readdirSync(sources, { recursive: true }).sort()) {
    if (file.endsWith('.ts')) hash.update(`\0${file}\0`).update(readFileSync(join(sources, file)));
  }
  const cache = join(root, 'node_modules', '.cache', 'token-contract');
  const name = `cli-${hash.digest('hex').slice(0, 16)}`;
  const entry = join(cache, name, 'index.js');
  if (existsSync(entry)) {
    // Marked as used: an old bundle the sources came back to is not pruned while in use.
    const now = new Date();
    utimesSync(join(cache, name), now, now);
    return entry;
  }
  // Processes started together all build; the first to rename its folder into place wins.
  const partial = join(cache, `${name}.${process.pid}.tmp`);
  await bundleCli(root, partial, { sourcemap: true });
  try {
    renameSync(partial, join(cache, name));
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(entry)) throw error;
  }
  // Another process may still be loading an older bundle (the sources changed while it started,
  // or it has yet to load the benchmark's chunk): only what has lain unused for a day goes, and
  // the folders of builds killed midway with it.
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const other of readdirSync(cache)) {
    const path = join(cache, other);
    // Another process pruning at the same time may have removed it first.
    const modified = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Infinity;
    if (other !== name && modified < dayAgo) rmSync(path, { recursive: true, force: true });
  }
  return entry;
}

/** The CLI's main() from a clone's bundle: what bin/token-contract.js runs in a clone. */
export async function cloneMain(root) {
  const { main } = await import(pathToFileURL(await cloneBundle(root)).href);
  return main;
}
