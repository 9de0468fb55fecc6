import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROVIDER_STATES, PROVIDER_STATES_VERSION } from '../../src/verify/index.ts';

const DOC = readFileSync(new URL('../../docs/provider-states.md', import.meta.url), 'utf8');

/** Each `### \`state\`` heading of the doc, with the backquoted names of its `Parameters:` line. */
function documentedStates(): { name: string; params: string[] }[] {
  return DOC.split(/^### /m)
    .slice(1)
    .map((section) => {
      const name = /^`([^`]+)`/.exec(section)?.[1] ?? section.split('\n')[0]!;
      const line = /^Parameters: (.+)$/m.exec(section)?.[1] ?? '';
      return { name, params: [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) };
    });
}

describe('docs/provider-states.md, the public catalogue of provider states', () => {
  it('is the version the code exports', () => {
    expect(DOC).toContain(`**\`${PROVIDER_STATES_VERSION}\`**`);
  });

  it('documents exactly the states the verifier sets up, each with exactly the parameters it returns', () => {
    const inCode = Object.values(PROVIDER_STATES).map((s) => ({ name: s.name, params: [...s.params] }));
    expect(documentedStates()).toEqual(inCode);
  });
});
