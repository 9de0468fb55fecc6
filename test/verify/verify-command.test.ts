import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACT_FILE } from '../../contracts/pact.ts';
import { runMain } from '../support/cli.ts';
import { projectOnItsOwn, tempDir } from '../support/project.ts';

/** Our own pact, with one interaction's provider state renamed. */
function pactWithState(state: string): string {
  const pact = JSON.parse(readFileSync(PACT_FILE, 'utf8')) as {
    interactions: { providerStates: { name: string }[] }[];
  };
  pact.interactions[0]!.providerStates = [{ name: state }];
  const path = join(tempDir(), 'pact.json');
  writeFileSync(path, JSON.stringify(pact));
  return path;
}

describe('token-contract verify', () => {
  it.each([
    [[], /^token-contract: give the pacts to verify: --pact FILE… or --broker-url URL/],
    [['--pact', PACT_FILE, '--broker-url', 'http://127.0.0.1:9'], /one of them/],
    [['--pact', PACT_FILE, '--publish'], /--publish works only with --broker-url/],
    [['--pact', PACT_FILE, '--consumer', 'my-app'], /is a pact of consumer "token-contract", not of my-app/],
    [['--pact', 'missing.json'], /missing\.json: no such file/],
  ])('%j: exit 2, one line on stderr', async (args, message) => {
    const run = await runMain(['verify', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a pact that names a state outside the catalogue, before anything starts', async () => {
    const run = await runMain(['verify', '--pact', pactWithState('a token exists')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/names the provider state "a token exists", which is not in provider-states@1/);
  });

  it('a staging project that breaks the contract: exit 1 naming the interaction; nothing left, no ledger', async () => {
    const project = await projectOnItsOwn({ faults: ['hardcoded-editable'] });
    const ledgerDir = tempDir();
    try {
      const run = await runMain(
        ['verify', '--target', 'staging', '--pact', PACT_FILE, '--rate-limit', '100000', '--ledger-dir', ledgerDir],
        project.env,
      );
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(
        /^token-contract: 1 interaction\(s\) failed against datocms-cma \(http:\/\/127\.0\.0\.1:\d+\): token-contract: an update of a factory token, with its own current values\n$/,
      );
      expect((await project.tokenNames()).filter((n) => n.startsWith('tc-'))).toEqual([]);
      expect((await project.roleNames()).filter((n) => n.startsWith('tc-'))).toEqual([]);
      expect(readdirSync(ledgerDir)).toEqual([]);
      expect(run.stdout + run.stderr).not.toContain(project.mock.adminSecret);
    } finally {
      await project.mock.close();
    }
  });
});
