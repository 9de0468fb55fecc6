#!/usr/bin/env node
// The installed package runs the bundled dist/. A clone runs its sources, bundled on the spot
// (bin/bundle.js), so `npm run fuzz` and the tests never meet a dist/ older than the sources.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let entry = new URL('../dist/cli/index.js', import.meta.url);
if (existsSync(new URL('../src/cli/index.ts', import.meta.url))) {
  const { cloneBundle } = await import('./bundle.js');
  // Stack traces of a clone point into the sources.
  process.setSourceMapsEnabled(true);
  entry = pathToFileURL(await cloneBundle(root));
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
