import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER, PACT_FILE, PROVIDER } from '../../contracts/pact.ts';
import { startMock } from '../../src/mock/index.ts';
import { embeddedTarget } from '../../src/embedded/index.ts';
import { verifyPacts } from '../../src/verify/index.ts';
import { runMain } from '../support/cli.ts';
import { startBrokerDouble, type BrokerDouble } from './double.ts';

// npm run pact:publish and npm run pact:verify, with the real pact-broker CLI and the real
// Verifier, against the broker double. A real deployment targets a Pact Broker or PactFlow.
const TOKEN = 'publishing-test-token';
const SHA = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const BRANCH = execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { encoding: 'utf8' }).trim();

let broker: BrokerDouble;
beforeAll(async () => {
  broker = await startBrokerDouble({ token: TOKEN });
});
afterAll(() => broker.close());

const SCRIPTS = {
  'pact:publish': 'contracts/publish.ts',
  'pact:verify': 'contracts/verify.ts',
  'pact:publish-provider': 'contracts/publish-provider.ts',
} as const;

/**
 * An npm script of package.json, against the broker double: through `npm run` itself when `viaNpm`
 * (as a user types it), else its command line alone (npm's start-up is not what is tested).
 */
function npmRun(
  script: keyof typeof SCRIPTS,
  env: Record<string, string> = {},
  args: string[] = [],
  viaNpm = false,
): Promise<{ code: number | null; output: string }> {
  const [command, commandArgs] = viaNpm
    ? ['npm', ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])]]
    : [process.execPath, ['--import', 'tsx', SCRIPTS[script], ...args]];
  const child = spawn(command, commandArgs, {
    env: {
      ...process.env,
      PACT_BROKER_BASE_URL: broker.url,
      PACT_BROKER_TOKEN: TOKEN,
      PACT_DO_NOT_TRACK: 'true',
      GITHUB_HEAD_REF: '',
      GITHUB_REF_NAME: '',
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

const interactionsOf = (pact: unknown) => (pact as { interactions: { description: string }[] }).interactions;

describe('publishing the consumer pacts', () => {
  it('npm run pact:publish: the pacts arrive, as version = git SHA, on the git branch', async () => {
    const result = await npmRun('pact:publish', {}, [], true);
    expect(result.code, result.output).toBe(0);
    const [published] = broker.pacts;
    expect(published).toMatchObject({ consumer: CONSUMER, provider: PROVIDER, consumerVersion: SHA, branch: BRANCH });
    const local = JSON.parse(readFileSync(PACT_FILE, 'utf8'));
    expect(interactionsOf(published!.content)).toEqual(interactionsOf(local));
  });

  it('publishing again gives the same content (the broker would answer 409 otherwise)', async () => {
    const result = await npmRun('pact:publish');
    expect(result.code, result.output).toBe(0);
    expect(new Set(broker.pacts.map((p) => p.sha)).size).toBe(1);
    expect(broker.requests.filter((r) => r.status === 409)).toEqual([]);
  });
});

describe('verifying the provider from the broker', () => {
  // As CI publishes after a merge: the `mainBranch` selector then chooses the pact whatever branch this checkout
  // is on (else it would only be a WIP pact, pending, whose failure cannot fail the build).
  beforeAll(async () => {
    const result = await npmRun('pact:publish', { GITHUB_REF_NAME: 'main' });
    expect(result.code, result.output).toBe(0);
  });

  it('npm run pact:verify: the result is published, per interaction, with the provider version and branch', async () => {
    const result = await npmRun('pact:verify', { PACT_PROVIDER_VERSION: '2.0.0+mock', PACT_PROVIDER_BRANCH: 'main' });
    expect(result.code, result.output).toBe(0);
    const verification = broker.verifications.at(-1)!;
    expect(verification).toMatchObject({
      consumer: CONSUMER,
      provider: PROVIDER,
      providerVersion: '2.0.0+mock',
      success: true,
    });
    const tests = verification.body.testResults as { interactionId: string; success: boolean }[];
    expect(tests).toHaveLength(interactionsOf(JSON.parse(readFileSync(PACT_FILE, 'utf8'))).length);
    expect(tests.every((t) => t.success && /^[0-9a-f]+$/.test(t.interactionId))).toBe(true);
    expect(broker.branchPuts).toContainEqual({ pacticipant: PROVIDER, version: '2.0.0+mock', branch: 'main' });
    const paths = broker.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`);
    expect(paths).toContain(`POST /pacts/provider/${PROVIDER}/for-verification`);
    expect(broker.requests.every((r) => r.auth === 'bearer')).toBe(true);
  });

  it('a provider that breaks the contract is published as success: false, naming the interaction, without a secret', async () => {
    const target = await embeddedTarget({ faults: ['role-dropped-when-omitted'] });
    try {
      await expect(
        verifyPacts(target, {
          providerName: PROVIDER,
          consumers: [],
          source: {
            kind: 'broker',
            url: broker.url,
            token: TOKEN,
            username: undefined,
            password: undefined,
            consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
            enablePending: true,
            includeWipPactsSince: undefined,
          },
          publish: { providerVersion: '2.0.1+broken', providerVersionBranch: 'main', buildUrl: undefined },
        }),
      ).rejects.toThrow();
      const verification = broker.verifications.at(-1)!;
      expect(verification).toMatchObject({ providerVersion: '2.0.1+broken', success: false });
      const failed = (verification.body.testResults as { success: boolean; interactionDescription?: string }[]).filter(
        (t) => !t.success,
      );
      expect(failed.map((t) => t.interactionDescription).sort()).toEqual([
        'an update of an API token that clears can_access_cma',
        'an update of an API token without relationships',
      ]);
      const published = join(mkdtempSync(join(tmpdir(), 'published-')), 'verification.json');
      writeFileSync(published, JSON.stringify(verification.body));
      expect(target.findLeaks([published])).toEqual([]);
    } finally {
      await target.close();
    }
  });
});

/** A short fuzz campaign against a server started on its own, as against staging; returns its report dir. */
async function stagingCampaign(
  only: string,
  faults: string[] = [],
): Promise<{ reportDir: string; secret: string; code: number | null; output: string }> {
  const mock = await startMock({ faults, rateLimit: { limit: 100_000, windowMs: 3000 } });
  const reportDir = mkdtempSync(join(tmpdir(), 'provider-evidence-'));
  try {
    const run = await runMain(
      ['fuzz', '--target', 'staging', '--runs', '2', '--only', only, '--rate-limit', '100000'].concat([
        '--report-dir',
        reportDir,
        '--ledger-dir',
        reportDir,
      ]),
      { DATOCMS_CMA_URL: mock.cmaUrl, DATOCMS_CDA_URL: mock.cdaUrl, DATOCMS_API_TOKEN: mock.adminSecret },
    );
    return { reportDir, secret: mock.adminSecret, code: run.code, output: run.stdout + run.stderr };
  } finally {
    await mock.close();
  }
}

describe('publishing the provider contract (PactFlow bi-directional)', () => {
  it('npm run pact:publish-provider: the OpenAPI fragment arrives with the campaign as passing evidence', async () => {
    const campaign = await stagingCampaign('secret-unchanged,role-preserved-when-omitted');
    expect(campaign.code, campaign.output).toBe(0);
    const result = await npmRun(
      'pact:publish-provider',
      { PACT_PROVIDER_VERSION: '3.0.0+fuzzed', PACT_PROVIDER_BRANCH: 'main', DATOCMS_API_TOKEN: campaign.secret },
      ['--report-dir', campaign.reportDir],
    );
    expect(result.code, result.output).toBe(0);
    const published = broker.providerContracts.at(-1)!;
    expect(published).toMatchObject({
      provider: PROVIDER,
      providerVersion: '3.0.0+fuzzed',
      branch: 'main',
      contentType: 'application/yaml',
      specification: 'oas',
    });
    expect(published.content).toBe(readFileSync('spec/cma.openapi.yaml', 'utf8'));
    expect(published.verification).toMatchObject({
      success: true,
      contentType: 'application/xml',
      format: 'junit',
      verifier: 'token-contract',
    });
    expect(published.verification!.content).toBe(readFileSync(join(campaign.reportDir, 'junit.xml'), 'utf8'));
    expect(published.verification!.content).not.toContain(campaign.secret);
  }, 60_000);

  it('a campaign that found a violation is published as a failed self-verification', async () => {
    // Every update of a factory token is refused with the wrong code, whatever the body: caught in every run.
    const campaign = await stagingCampaign('hardcoded-rejected', ['hardcoded-wrong-code']);
    expect(campaign.code, campaign.output).toBe(1);
    const result = await npmRun('pact:publish-provider', { PACT_PROVIDER_VERSION: '3.0.1+broken' }, [
      '--report-dir',
      campaign.reportDir,
    ]);
    expect(result.code, result.output).toBe(0);
    const published = broker.providerContracts.at(-1)!;
    expect(published).toMatchObject({ providerVersion: '3.0.1+broken', verification: { success: false } });
    expect(published.verification!.content).toContain('<failure');
  }, 60_000);

  it('refuses evidence about the embedded mock, in one line, and publishes nothing', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'mock-evidence-'));
    expect((await runMain(['fuzz', '--runs', '2', '--report-dir', reportDir])).code).toBe(0);
    const before = broker.providerContracts.length;
    const result = await npmRun('pact:publish-provider', {}, ['--report-dir', reportDir]);
    expect(result.code).toBe(2);
    expect(result.output.trim()).toMatch(
      /^pact:publish-provider: .*the evidence must come from the provider \(--target staging\)$/,
    );
    expect(broker.providerContracts).toHaveLength(before);
  }, 60_000);
});
