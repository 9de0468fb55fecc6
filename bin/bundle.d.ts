/** Bundles `<root>/src/cli/index.ts` into `outdir`, whose `index.js` is the entry. */
export function bundleCli(root: string, outdir: string, options?: { sourcemap?: boolean }): Promise<void>;
/** The entry of a clone's sources bundled as they are now, with source maps; built if missing. */
export function cloneBundle(root: string): Promise<string>;
