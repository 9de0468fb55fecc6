// A clone runs its TypeScript sources: bundled by esbuild (a devDependency) into one file under
// node_modules/.cache, rebuilt whenever a source changes. Loading that file takes half the CPU
// that transpiling the sources one by one through a loader does, on every start of the CLI.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The bundle of `<root>/src/cli/index.ts` for the sources as they are now; built if missing. */
export async function cloneBundle(root) {
  const esbuild = await import('esbuild');
  const sources = join(root, 'src');
  // Named by the sources' content (and the bundler's version): an edited file is never run stale.
  const hash = createHash('sha256').update(esbuild.version);
  for (const file of readdirSync(sources, { recursive: true }).sort()) {
    if (file.endsWith('.ts')) hash.update(`\0${file}\0`).update(readFileSync(join(sources, file)));
  }
  const cache = join(root, 'node_modules', '.cache', 'token-contract');
  const name = `cli-${hash.digest('hex').slice(0, 16)}.js`;
  const bundle = join(cache, name);
  if (existsSync(bundle)) return bundle;
  mkdirSync(cache, { recursive: true });
  // Processes started together all build; each renames its own file into place, whole.
  const partial = `${bundle}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: [join(sources, 'cli', 'index.ts')],
    outfile: partial,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  renameSync(partial, bundle);
  for (const stale of readdirSync(cache)) {
    if (stale !== name && !stale.endsWith('.tmp')) rmSync(join(cache, stale), { force: true });
  }
  return bundle;
}
