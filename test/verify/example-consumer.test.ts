import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerDouble, type BrokerDouble } from '../broker/double.ts';
import { runMain } from '../support/cli.ts';
import { projectOnItsOwn, tempDir } from '../support/project.ts';

// examples/consumer-app as its users run it: its own Pact consumer test writes its pact, then
// `token-contract verify` verifies it, on the embedded mock and on a mock started by hand as staging.
const exec = promisify(execFile);
const APP = resolve(import.meta.dirname, '../../examples/consumer-app');
const resolveBin = (pkg: string, bin: string) =>
  join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), bin);
const TOKEN = 'example-broker-token';
const quiet = { PACT_DO_NOT_TRACK: 'true' };

let pactFile: string;
let broker: BrokerDouble;
beforeAll(async () => {
  const pactDir = tempDir();
  await exec(process.execPath, [resolveBin('vitest', 'vitest.mjs'), 'run'], {
    cwd: APP,
    env: { ...process.env, ...quiet, PACT_DIR: pactDir },
  });
  pactFile = join(pactDir, 'consumer-app-datocms-cma.json');
  broker = await startBrokerDouble({ token: TOKEN });
}, 30_000);
afterAll(() => broker.close());

describe('examples/consumer-app, verified by token-contract verify', () => {
  it('its pact names the documented provider states, and no credential', () => {
    const text = readFileSync(pactFile, 'utf8');
    const pact = JSON.parse(text) as { interactions: { providerStates: { name: string }[] }[] };
    expect(pact.interactions.map((i) => i.providerStates.map((s) => s.name))).toEqual([
      ['an editable API token exists'],
      ['an editable API token exists', 'a role without can_manage_access_tokens exists'],
    ]);
    expect(text).not.toMatch(/authorization|consumer-test-token/i);
  });

  it('--pact: verified against the embedded mock', async () => {
    const run = await runMain(['verify', '--pact', pactFile], quiet);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('verified: every interaction passed against datocms-cma (embedded mock)\n');
  });

  it('from the broker, against a project started by hand: published as cma-v3+<date>, nothing left', async () => {
    const published = await exec(
      process.execPath,
      [
        resolveBin('@pact-foundation/pact-cli', 'bin/pact-broker.js'),
        'publish',
        pactFile,
        '--consumer-app-version',
        '1.0.0',
        '--branch',
        'main',
      ],
      {
        env: {
          ...process.env,
          ...quiet,
          PACT_BROKER_BASE_URL: broker.url,
          PACT_BROKER_TOKEN: TOKEN,
        },
      },
    ).catch((error: unknown) => error as { stdout: string; stderr: string });
    expect(
      broker.pacts.map((p) => p.consumer),
      JSON.stringify(published),
    ).toEqual(['consumer-app']);

    const project = await projectOnItsOwn();
    const ledgerDir = tempDir();
    try {
      const args = ['verify', '--target', 'staging', '--broker-url', broker.url];
      const run = await runMain([...args, '--publish', '--rate-limit', '100000', '--ledger-dir', ledgerDir], {
        ...project.env,
        ...quiet,
        PACT_BROKER_TOKEN: TOKEN,
      });
      expect(run.code, run.stderr).toBe(0);
      const today = new Date().toISOString().slice(0, 10);
      const verification = broker.verifications.at(-1)!;
      expect(verification).toMatchObject({
        consumer: 'consumer-app',
        provider: 'datocms-cma',
        providerVersion: `cma-v3+${today}`,
        success: true,
      });
      expect(JSON.stringify(verification.body)).not.toContain(project.mock.adminSecret);
      expect(
        [...(await project.tokenNames()), ...(await project.roleNames())].filter((n) => n.startsWith('tc-')),
      ).toEqual([]);
      expect(readdirSync(ledgerDir)).toEqual([]);
    } finally {
      await project.mock.close();
    }
  });
});
