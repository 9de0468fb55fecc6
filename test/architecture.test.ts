import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The folders are the architecture: these tests keep the dependency rules of README § Layout true.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The project files a file imports (relative specifiers only). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map(
    (m) => m[1] as string,
  );
  const dynamic = [...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1] as string);
  return [...specifiers, ...dynamic].map((s) => resolve(dirname(file), s));
}

const concern = (file: string) => relative(SRC, file).split('/')[0] as string;
const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => i.startsWith(SRC))]));

describe('src/', () => {
  it('each concern has one entry file, index.ts', () => {
    const concerns = new Set(files.map(concern));
    for (const name of concerns) expect(files, name).toContain(join(SRC, name, 'index.ts'));
  });

  it('a concern reaches another only through its index.ts', () => {
    const violations: string[] = [];
    for (const [file, imports] of graph) {
      for (const target of imports) {
        if (concern(target) !== concern(file) && target !== join(SRC, concern(target), 'index.ts')) {
          violations.push(`${relative(ROOT, file)} → ${relative(ROOT, target)}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('the mock depends on nothing of the suite but the spec', () => {
    const allowed = new Set(['mock', 'spec']);
    const bad = files
      .filter((f) => concern(f) === 'mock')
      .flatMap((f) =>
        (graph.get(f) ?? [])
          .filter((t) => !allowed.has(concern(t)))
          .map((t) => `${relative(ROOT, f)} → ${relative(ROOT, t)}`),
      );
    expect(bad).toEqual([]);
  });

  it('the suite reaches the mock only through a Target: only the code that starts it imports it', () => {
    // embedded: the embedded target; cli: `token-contract mock` and `faults`; bench: a mock in a process of its own.
    const starters = new Set(['mock', 'embedded', 'cli', 'bench']);
    const bad = files
      .filter((f) => !starters.has(concern(f)))
      .flatMap((f) =>
        (graph.get(f) ?? [])
          .filter((t) => concern(t) === 'mock')
          .map((t) => `${relative(ROOT, f)} → ${relative(ROOT, t)}`),
      );
    expect(bad).toEqual([]);
  });

  it('the spec depends on nothing else of the project', () => {
    const bad = files
      .filter((f) => concern(f) === 'spec')
      .flatMap((f) => (graph.get(f) ?? []).filter((t) => concern(t) !== 'spec'));
    expect(bad).toEqual([]);
  });

  it('has no import cycles', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
