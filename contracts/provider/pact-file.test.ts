import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACT_FILE } from '../pact.ts';

// The consumer tests compare what they write with this committed file, byte for byte, on every run.
describe('the pact file', () => {
  it('holds no secret and no random data: every token is the documented fake, no Authorization but references', () => {
    const text = readFileSync(PACT_FILE, 'utf8');
    const hex = [...new Set(text.match(/\b[0-9a-f]{30,50}\b/g) ?? [])];
    expect(hex).toEqual(['0123456789abcdef0123456789abcdef01']);
    const pact = JSON.parse(text) as { interactions: { request: { headers?: Record<string, string[]> } }[] };
    const authorizations = pact.interactions.flatMap((i) => i.request.headers?.Authorization ?? []);
    expect(authorizations).toEqual(['Bearer 0123456789abcdef0123456789abcdef01']);
  });
});
