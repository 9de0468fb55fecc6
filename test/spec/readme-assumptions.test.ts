import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assumptionsTable } from '../../src/spec/index.ts';

// The README lists each decision point with every reading: the same rows as assumptions.ts, cell
// for cell (Prettier may pad the columns).
const rows = (markdown: string): string[][] =>
  markdown
    .split('\n')
    .filter((line) => /^\|\s*`\w+`\s*\|/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );

describe('README § Decision points', () => {
  it('lists every decision point of assumptions.ts, with its readings and evidence', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const expected = rows(assumptionsTable());
    expect(expected.length).toBeGreaterThan(20);
    expect(rows(readme.slice(readme.indexOf('**Decision points.**')))).toEqual(expected);
  });
});
