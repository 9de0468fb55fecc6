import { fc, test } from '@fast-check/vitest';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger, type LedgerEntry, type ProjectBinding, type ResourceKind } from '../../src/target/index.ts';
import { tempDir } from '../support/project.ts';

const here: ProjectBinding = { origin: 'https://site-api.example', project: '42' };
const there = `${here.origin} project ${here.project}`;

/** A ledger on disk, bound to `here` before its first change, as a staging run's is. */
function started(binding: ProjectBinding = here): { ledger: Ledger; path: string } {
  const path = join(tempDir(), 'ledger-run1.json');
  const ledger = new Ledger('run1', binding.origin, path);
  ledger.bind(binding);
  return { ledger, path };
}

const linesOf = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);

function entriesOn(path: string): Pick<LedgerEntry, 'kind' | 'id' | 'name' | 'state'>[] {
  const read = Ledger.readFor(path, here);
  if ('refusal' in read) throw new Error(read.refusal);
  return read.ledger.entries.map(({ kind, id, name, state }) => ({ kind, id, name, state }));
}

describe('the ledger on disk, a journal', () => {
  it('appends one line per change, after a header it never rewrites', () => {
    const { ledger, path } = started();
    const changes = [
      () => ledger.intend('role', 'tc-run1-role'),
      () => ledger.own('role', '7', 'tc-run1-role'),
      () => ledger.intend('access_token', 'tc-run1-token'),
      () => ledger.forget('access_token', 'tc-run1-token'),
      () => ledger.markAbsent('role', '7'),
    ];
    let before = '';
    for (const change of changes) {
      change();
      const now = readFileSync(path, 'utf8');
      expect(now.startsWith(before)).toBe(true);
      expect(now.slice(before.length).match(/\n/g)).toHaveLength(before === '' ? 2 : 1);
      before = now;
    }
    expect(linesOf(path)).toHaveLength(1 + changes.length);
    expect(JSON.parse(linesOf(path)[0]!)).toEqual({
      version: 3,
      runId: 'run1',
      origin: here.origin,
      project: here.project,
      startedAt: expect.any(String),
    });
  });

  it('writes nothing for a change that changes nothing, and no file before the first entry', () => {
    const { ledger, path } = started();
    ledger.forget('role', 'tc-run1-never-intended');
    expect(existsSync(path)).toBe(false);
    ledger.own('role', '7', 'tc-run1-role');
    ledger.forget('role', 'tc-run1-never-intended');
    expect(linesOf(path)).toHaveLength(2);
  });

  it('ignores a last line torn by a kill mid-append: the lines before it still stand', () => {
    const { ledger, path } = started();
    ledger.own('role', '7', 'tc-run1-role');
    ledger.own('access_token', '8', 'tc-run1-token');
    const whole = readFileSync(path, 'utf8');
    ledger.markAbsent('access_token', '8');
    const torn = readFileSync(path, 'utf8').slice(0, whole.length + 20);
    writeFileSync(path, torn);
    expect(entriesOn(path)).toEqual([
      { kind: 'role', id: '7', name: 'tc-run1-role', state: 'owned' },
      { kind: 'access_token', id: '8', name: 'tc-run1-token', state: 'owned' },
    ]);
  });

  it('refuses any other line that is not a change, and a file whose header itself is torn', () => {
    const { ledger, path } = started();
    ledger.own('role', '7', 'tc-run1-role');
    const whole = readFileSync(path, 'utf8');
    appendFileSync(path, '{"entry":{"kind":"role","id":"9"}}\n');
    ledger.own('role', '10', 'tc-run1-other');
    expect(Ledger.readFor(path, here)).toEqual({ refusal: 'not a ledger (line 3 is no change of a ledger)' });
    writeFileSync(path, whole.slice(0, 30));
    expect(Ledger.readFor(path, here)).toEqual({ refusal: 'not a ledger (no complete line)' });
  });

  it('folds its lines as the run did: own settles the pending creation, forget drops it, markAbsent follows own', () => {
    const { ledger, path } = started();
    ledger.intend('role', 'tc-run1-role');
    ledger.own('role', '7', 'tc-run1-role');
    ledger.intend('access_token', 'tc-run1-lost');
    ledger.forget('access_token', 'tc-run1-lost');
    ledger.intend('access_token', 'tc-run1-token');
    ledger.own('access_token', '8', 'tc-run1-token');
    ledger.markAbsent('access_token', '8');
    ledger.intend('role', 'tc-run1-unanswered');
    expect(linesOf(path)).toHaveLength(1 + 8);
    expect(entriesOn(path)).toEqual([
      { kind: 'role', id: '7', name: 'tc-run1-role', state: 'owned' },
      { kind: 'access_token', id: '8', name: 'tc-run1-token', state: 'absent' },
      { kind: 'role', id: '', name: 'tc-run1-unanswered', state: 'pending' },
    ]);
  });

  const kind = fc.constantFrom<ResourceKind>('access_token', 'role');
  const change = fc.oneof(
    fc.record({ op: fc.constant('intend' as const), kind, name: fc.constantFrom('a', 'b') }),
    fc.record({
      op: fc.constant('own' as const),
      kind,
      id: fc.constantFrom('1', '2'),
      name: fc.constantFrom('a', 'b'),
    }),
    fc.record({ op: fc.constant('forget' as const), kind, name: fc.constantFrom('a', 'b') }),
    fc.record({ op: fc.constant('markAbsent' as const), kind, id: fc.constantFrom('1', '2', '3') }),
  );
  test.prop([fc.array(change, { minLength: 1, maxLength: 20 })])(
    'reads back what the run holds in memory, whatever its changes',
    (changes) => {
      const { ledger, path } = started();
      for (const c of changes) {
        if (c.op === 'intend') ledger.intend(c.kind, c.name);
        else if (c.op === 'own') ledger.own(c.kind, c.id, c.name);
        else if (c.op === 'forget') ledger.forget(c.kind, c.name);
        else ledger.markAbsent(c.kind, c.id);
      }
      if (!existsSync(path)) return;
      const read = Ledger.readFor(path, here);
      if ('refusal' in read) throw new Error(read.refusal);
      const { entries } = read.ledger;
      expect(entries.filter((e) => e.state === 'owned')).toEqual(ledger.owned());
      expect(entries.filter((e) => e.state === 'pending')).toEqual(ledger.pending());
      for (const e of entries.filter((e) => e.state === 'absent')) expect(ledger.mayWrite(e.kind, e.id)).toBe(true);
    },
  );

  it('starts a new journal for a change after close() removed the file', () => {
    const { ledger, path } = started();
    ledger.own('role', '7', 'tc-run1-role');
    ledger.markAbsent('role', '7');
    ledger.close();
    expect(existsSync(path)).toBe(false);
    ledger.own('role', '9', 'tc-run1-late');
    expect(entriesOn(path)).toEqual([{ kind: 'role', id: '9', name: 'tc-run1-late', state: 'owned' }]);
  });
});

describe('a journal drives deletions only on its own project', () => {
  it('refuses one whose project was never said', () => {
    const path = join(tempDir(), 'ledger-run1.json');
    const ledger = new Ledger('run1', here.origin, path);
    ledger.own('role', '7', 'tc-run1-role');
    expect(Ledger.readFor(path, here)).toEqual({
      refusal: `a version 3 ledger, which names no project: none of its ids is proven to be of ${there}`,
    });
  });

  it('trusts one whose project a bind line said after its header', () => {
    const path = join(tempDir(), 'ledger-run1.json');
    const ledger = new Ledger('run1', 'https://before.example', path);
    ledger.own('role', '7', 'tc-run1-role');
    ledger.bind(here);
    expect(linesOf(path)).toHaveLength(3);
    expect(entriesOn(path)).toEqual([{ kind: 'role', id: '7', name: 'tc-run1-role', state: 'owned' }]);
  });

  it.each([
    ['another origin', { origin: 'https://elsewhere.example', project: here.project }],
    ['another project', { origin: here.origin, project: '43' }],
  ])('refuses one of %s', (_, binding) => {
    const { ledger, path } = started(binding);
    ledger.own('role', '7', 'tc-run1-role');
    expect(Ledger.readFor(path, here)).toEqual({
      refusal: `a ledger of ${binding.origin} project ${binding.project}, not of ${there} (this target)`,
    });
  });
});
