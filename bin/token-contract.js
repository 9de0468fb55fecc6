#!/usr/bin/env node
// The installed package runs the compiled dist/. A clone runs its TypeScript sources through tsx (a
// devDependency), so `npm run fuzz` and the tests never meet a dist/ older than the sources.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/index.ts', import.meta.url);
let entry = new URL('../dist/cli/index.js', import.meta.url);
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = sources;
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
