// The CLI as one entry file: its sources bundled by esbuild (a devDependency), the packages it
// imports left to node_modules, and what it loads on demand (the benchmark) split into a chunk of
// its own, so that a package without autocannon still starts. A clone runs such a bundle, cached
// under node_modules/.cache and rebuilt whenever a source changes: loading it takes half the CPU
// that transpiling the sources one by one through a loader does, on every start. The package's
// dist/ is the same bundle (bin/build.js).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Bundles `<root>/src/cli/index.ts` into `outdir`, whose `index.js` is the entry. */
export async function bundleCli(root, outdir, { sourcemap = false } = {}) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: { index: join(root, 'src', 'cli', 'index.ts') },
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
  const { version } = await import('esbuild');
  const sources = join(root, 'src');
  // Named by the sources' content (and the bundler's version): an edited file is never run stale.
  const hash = createHash('sha256').update(version);
  for (const file of readdirSync(sources, { recursive: true }).sort()) {
    if (file.endsWith('.ts')) hash.update(`\0${file}\0`).update(readFileSync(join(sources, file)));
  }
  const cache = join(root, 'node_modules', '.cache', 'token-contract');
  const name = `cli-${hash.digest('hex').slice(0, 16)}`;
  const entry = join(cache, name, 'index.js');
  if (existsSync(entry)) return entry;
  // Processes started together all build; the first to rename its folder into place wins.
  const partial = join(cache, `${name}.${process.pid}.tmp`);
  await bundleCli(root, partial, { sourcemap: true });
  try {
    renameSync(partial, join(cache, name));
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(entry)) throw error;
  }
  for (const stale of readdirSync(cache)) {
    if (stale !== name && !stale.endsWith('.tmp')) rmSync(join(cache, stale), { recursive: true, force: true });
  }
  return entry;
}
