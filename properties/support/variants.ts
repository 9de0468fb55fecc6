import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A correct server we did not write may take, wherever the documentation leaves the choice, another
// reading than our mock: another status, another order of checks, another form of a name or of a
// document. `--variant SEED` makes the mock such a server: the whole campaign must find nothing.
// `npm test` runs each of twenty variants once, half in each mode: together they take every reading
// of every open point (test/mock/readings.test.ts checks that they still do), and the
// bench runs all twenty at both budgets, with 100 runs.
export const VARIANTS = Array.from({ length: 20 }, (_, i) => i + 1);
export const MOCK_MODE_VARIANTS = VARIANTS.slice(0, 10);
export const STAGING_MODE_VARIANTS = VARIANTS.slice(10);

type Summary = { invariants: { id: string; verdict: string; failures: { message: string }[]; error?: string }[] };

/** Every invariant that did not hold, from the JSON summary of `fuzz --json`. */
export const alarms = (stdout: string): string[] =>
  (JSON.parse(stdout) as Summary).invariants
    .filter((i) => i.verdict !== 'held' && i.verdict !== 'skipped')
    .map((i) => `${i.id}: ${i.verdict} ${i.failures.map((f) => f.message).join(' | ') || i.error || ''}`);

export const reportDir = (name: string): string => join(mkdtempSync(join(tmpdir(), 'no-false-alarms-')), name);
