import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSUMER, PACT_FILE, PROVIDER } from '../pact.ts';

// The broker answers 409 when the content of a published version changes: the consumer tests
// must write the same bytes every time.
function runConsumerTests(dir: string): string {
  const run = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--project', 'pact-consumer', '--reporter', 'dot'],
    {
      env: { ...process.env, PACT_DIR: dir },
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`the consumer tests failed:\n${run.stdout}\n${run.stderr}`);
  return readFileSync(join(dir, `${CONSUMER}-${PROVIDER}.json`), 'utf8');
}

describe('the pact file', () => {
  it('is byte-identical from one run of the consumer tests to the next, fresh or merged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacts-'));
    const first = runConsumerTests(dir);
    const merged = runConsumerTests(dir);
    const fresh = runConsumerTests(mkdtempSync(join(tmpdir(), 'pacts-')));
    expect(merged).toBe(first);
    expect(fresh).toBe(first);
    expect(readFileSync(PACT_FILE, 'utf8')).toBe(first);
  }, 120_000);

  it('holds no secret and no random data: every token is the documented fake, no Authorization but references', () => {
    const text = readFileSync(PACT_FILE, 'utf8');
    const hex = [...new Set(text.match(/\b[0-9a-f]{30,50}\b/g) ?? [])];
    expect(hex).toEqual(['0123456789abcdef0123456789abcdef01']);
    const pact = JSON.parse(text) as { interactions: { request: { headers?: Record<string, string[]> } }[] };
    const authorizations = pact.interactions.flatMap((i) => i.request.headers?.Authorization ?? []);
    expect(authorizations).toEqual(['Bearer 0123456789abcdef0123456789abcdef01']);
  });
});
