/** Bundles `<root>/src/cli/index.ts` into `outdir`, whose `index.js` is the entry, with the benchmark's child processes beside it. */
export function bundleCli(root: string, outdir: string, options?: { sourcemap?: boolean }): Promise<void>;
/** The entry of a clone's sources bundled as they are now, with source maps; built if missing. */
export function cloneBundle(root: string): Promise<string>;
/** The CLI's main() from a clone's bundle: what bin/token-contract.js runs in a clone. */
export function cloneMain(root: string): Promise<(typeof import('../src/cli/index.ts'))['main']>;
