import { existsSync, mkdirSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cloneBundle } from '../../bin/bundle.js';

/** A clone in miniature: a CLI entry that answers what its second source file says. */
function clone(answer: number): { root: string; answer(n: number): void } {
  const root = mkdtempSync(join(tmpdir(), 'clone-bundle-'));
  mkdirSync(join(root, 'src/cli'), { recursive: true });
  writeFileSync(
    join(root, 'src/cli/index.ts'),
    "import { ANSWER } from './answer.ts';\nexport const main = (): number => ANSWER;\n",
  );
  const write = (n: number) => writeFileSync(join(root, 'src/cli/answer.ts'), `export const ANSWER: number = ${n};\n`);
  write(answer);
  // The benchmark's child processes, bundled as entries of their own beside the CLI.
  mkdirSync(join(root, 'src/bench'));
  for (const child of ['worker.ts', 'mock-process.ts']) writeFileSync(join(root, 'src/bench', child), 'export {};\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  return { root, answer: write };
}

const run = async (bundle: string) =>
  ((await import(`${pathToFileURL(bundle).href}?${Date.now()}`)) as { main(): number }).main();

describe("a clone's CLI, bundled from its sources", () => {
  it('is built once for the sources as they are, and reused while they stay so', async () => {
    const { root } = clone(1);
    const bundle = await cloneBundle(root);
    expect(await run(bundle)).toBe(1);
    const builtAt = statSync(bundle).mtimeMs;
    expect(await cloneBundle(root)).toBe(bundle);
    expect(statSync(bundle).mtimeMs).toBe(builtAt);
  });

  it('is rebuilt when any source changes; an older bundle is kept while it may be in use', async () => {
    const source = clone(1);
    const older = await cloneBundle(source.root);
    source.answer(2);
    const fresh = await cloneBundle(source.root);
    expect(fresh).not.toBe(older);
    expect(await run(fresh)).toBe(2);
    expect(existsSync(older)).toBe(true);
    // Unused for two days: the next build removes it, and keeps the recent one.
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    utimesSync(dirname(older), twoDaysAgo, twoDaysAgo);
    source.answer(3);
    const third = await cloneBundle(source.root);
    expect(await run(third)).toBe(3);
    expect(existsSync(older)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('is rebuilt when the tsconfig esbuild reads changes', async () => {
    const source = clone(1);
    const before = await cloneBundle(source.root);
    writeFileSync(join(source.root, 'tsconfig.json'), '{ "compilerOptions": { "target": "ES2022" } }\n');
    expect(await cloneBundle(source.root)).not.toBe(before);
  });
});
