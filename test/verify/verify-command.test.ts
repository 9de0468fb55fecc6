import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACT_FILE, PROVIDER } from '../../contracts/pact.ts';
import { startBrokerDouble } from '../broker/double.ts';
import { runMain } from '../support/cli.ts';
import { projectOnItsOwn, tempDir } from '../support/project.ts';

interface PactDocument {
  consumer: { name: string };
  interactions: {
    providerStates: { name: string }[];
    request: { body: { content: { data: { attributes: { name: unknown } } } }; generators: { body: object } };
  }[];
}

/** Our own pact, changed, in a file of its own. */
function changedPact(change: (pact: PactDocument) => void): string {
  const pact = JSON.parse(readFileSync(PACT_FILE, 'utf8')) as PactDocument;
  change(pact);
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
    const pact = changedPact((p) => (p.interactions[0]!.providerStates = [{ name: 'a token exists' }]));
    const run = await runMain(['verify', '--pact', pact]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/names the provider state "a token exists", which is not in provider-states@1/);
  });

  it('a broker that does not answer: exit 3, nothing was verified, in one line', async () => {
    const run = await runMain(['verify', '--broker-url', 'http://127.0.0.1:9'], { PACT_DO_NOT_TRACK: 'true' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^token-contract: nothing was verified: No pacts found for provider 'datocms-cma'.*\n$/);
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

  /** Our pact's factory-token interactions, renaming the token: a server that applies them answers as refused. */
  const renamingPact = (consumer?: string) =>
    changedPact((p) => {
      const factory = p.interactions.filter((i) => i.providerStates[0]?.name === 'a factory token exists');
      for (const interaction of factory) {
        interaction.request.body.content.data.attributes.name = 'Renamed by a pact';
        delete (interaction.request.generators.body as Record<string, unknown>)['$.data.attributes.name'];
      }
      p.interactions = factory;
      if (consumer) p.consumer.name = consumer;
    });

  it('a pact that renames a factory token, on a server that applies it: exit 1, and the token is put back', async () => {
    const renaming = renamingPact();
    const project = await projectOnItsOwn({ faults: ['hardcoded-rejected-but-applied'] });
    try {
      const before = await project.tokenNames();
      const run = await runMain(
        ['verify', '--target', 'staging', '--pact', renaming, '--rate-limit', '100000', '--ledger-dir', tempDir()],
        project.env,
      );
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/an update changed the factory token \d+ \(its values were put back\)\n$/);
      expect(await project.tokenNames()).toEqual(before);
    } finally {
      await project.mock.close();
    }
  });

  it('publishes such a verification as failed, naming the interaction, though the server answered with the refusal', async () => {
    const broker = await startBrokerDouble();
    const project = await projectOnItsOwn({ faults: ['hardcoded-rejected-but-applied'] });
    try {
      const consumer = 'factory-renamer';
      const published = await fetch(`${broker.url}/contracts/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/hal+json' },
        body: JSON.stringify({
          pacticipantName: consumer,
          pacticipantVersionNumber: '1.0.0',
          branch: 'main',
          contracts: [
            {
              consumerName: consumer,
              providerName: PROVIDER,
              specification: 'pact',
              contentType: 'application/json',
              content: readFileSync(renamingPact(consumer)).toString('base64'),
            },
          ],
        }),
      });
      expect(published.status).toBe(200);
      const before = await project.tokenNames();
      const run = await runMain(
        ['verify', '--target', 'staging', '--broker-url', broker.url, '--consumer', consumer, '--publish'].concat([
          '--provider-version',
          '2.0.2+factory',
          '--rate-limit',
          '100000',
          '--ledger-dir',
          tempDir(),
        ]),
        { ...project.env, PACT_DO_NOT_TRACK: 'true' },
      );
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/an update changed the factory token \d+ \(its values were put back\)\n$/);
      const verification = broker.verifications.at(-1)!;
      expect(verification).toMatchObject({ consumer, providerVersion: '2.0.2+factory', success: false });
      const results = verification.body.testResults as { success: boolean; interactionDescription?: string }[];
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((r) => !r.success)).toBe(true);
      expect(JSON.stringify(verification.body)).toContain('TOKEN_CONTRACT_FACTORY_TOKEN_CHANGED');
      expect(await project.tokenNames()).toEqual(before);
    } finally {
      await project.mock.close();
      await broker.close();
    }
  });
});
