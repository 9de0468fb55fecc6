/** The bundle of `<root>/src/cli/index.ts` for the sources as they are now; built if missing. */
export function cloneBundle(root: string): Promise<string>;
