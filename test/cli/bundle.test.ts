import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('is rebuilt when any source changes, and the stale bundle is removed', async () => {
    const source = clone(1);
    const stale = await cloneBundle(source.root);
    source.answer(2);
    const fresh = await cloneBundle(source.root);
    expect(fresh).not.toBe(stale);
    expect(await run(fresh)).toBe(2);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(join(source.root, 'node_modules/.cache/token-contract'))).toEqual([fresh.split('/').at(-2)]);
  });
});
