import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER, PACT_FILE, PROVIDER } from '../../contracts/pact.ts';
import { verifyPacts } from '../../contracts/provider/verifier.ts';
import { embeddedTarget } from '../../src/target/index.ts';
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

function npmRun(
  script: 'pact:publish' | 'pact:verify',
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn('npm', ['run', '--silent', script], {
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
    const result = await npmRun('pact:publish');
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
    expect(broker.versionLabels).toContainEqual({
      kind: 'branch',
      pacticipant: PROVIDER,
      version: '2.0.0+mock',
      name: 'main',
    });
    const paths = broker.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`);
    expect(paths).toContain(`POST /pacts/provider/${PROVIDER}/for-verification`);
    expect(broker.requests.every((r) => r.auth === 'bearer')).toBe(true);
  });

  it('a provider that breaks the contract is published as success: false, naming the interaction, without a secret', async () => {
    const target = await embeddedTarget({ faults: ['role-dropped-when-omitted'] });
    try {
      await expect(
        verifyPacts(target, {
          pactBrokerUrl: broker.url,
          pactBrokerToken: TOKEN,
          publishVerificationResult: true,
          providerVersion: '2.0.1+broken',
          providerVersionBranch: 'main',
          consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
          enablePending: true,
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
      const published = JSON.stringify(verification.body);
      for (const secret of target.knownSecrets()) expect(published).not.toContain(secret);
    } finally {
      await target.close();
    }
  });
});
