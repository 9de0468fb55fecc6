// The broker double, driven by the real clients: the Rust pact-broker CLI (pact-cli 18.1.2) and, for the
// verification flow, pact-js's Verifier (the Rust pact_verifier). Plain fetch fills the gaps.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAL_CONTENT_TYPE, NOT_MODELLED, startBrokerDouble, type BrokerDouble, type JsonObject } from './double.ts';
import { CONSUMER, PROVIDER, TOKEN, call, forVerification, pactFile, publish } from './http.ts';

const PACT_BROKER = fileURLToPath(new URL('../../node_modules/.bin/pact-broker', import.meta.url));
const VERSION = '1.0.0+abc';
const CLI_TIMEOUT = 30_000;

async function pactDir(content: JsonObject): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'broker-double-'));
  await writeFile(join(dir, `${CONSUMER}-${PROVIDER}.json`), JSON.stringify(content, null, 2));
  return dir;
}

interface CliResult {
  code: number | null;
  output: string;
}

/** Runs the real `pact-broker` CLI against the double; credentials come from the environment, as in CI. */
function pactBroker(broker: BrokerDouble, args: string[], env: Record<string, string> = { PACT_BROKER_TOKEN: TOKEN }) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PACT_BROKER_')));
  const child = spawn(PACT_BROKER, args, {
    env: { ...inherited, PACT_BROKER_BASE_URL: broker.url, PACT_DO_NOT_TRACK: 'true', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the broker double, driven by the real pact-broker CLI (one scenario, in order)', () => {
  let broker: BrokerDouble;
  const dirs: string[] = [];
  beforeAll(async () => {
    broker = await startBrokerDouble({ token: TOKEN });
  });
  afterAll(async () => {
    await broker.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  // lib/pact_broker/contracts/service.rb#publish; spec/lib/pact_broker/contracts/service_spec.rb.
  it(
    'publish: records the content, the version (with its +) and the branch',
    async () => {
      const dir = await pactDir(pactFile());
      dirs.push(dir);
      const run = await pactBroker(broker, ['publish', dir, '--consumer-app-version', VERSION, '--branch', 'main']);
      expect(run.code, run.output).toBe(0);
      expect(run.output).not.toContain('Failed to process response notices'); // the response shape satisfied the CLI

      expect(broker.pacts).toHaveLength(1);
      const [pact] = broker.pacts;
      expect(pact).toMatchObject({ consumer: CONSUMER, provider: PROVIDER, consumerVersion: VERSION, branch: 'main' });
      expect(pact!.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(pact!.content).toMatchObject({
        consumer: { name: CONSUMER },
        provider: { name: PROVIDER },
        interactions: [{ description: 'a request for token 1', request: { method: 'GET', path: '/tokens/1' } }],
      });
      const publish = broker.requests.find((r) => r.path === '/contracts/publish');
      expect(publish).toMatchObject({ method: 'POST', auth: 'bearer', status: 200 });
    },
    CLI_TIMEOUT,
  );

  // spec/features/base_equality_only_on_content_that_affects_verification_results_spec.rb (generate_sha.rb).
  it(
    'publish of the same content again is accepted and changes nothing',
    async () => {
      const run = await pactBroker(broker, [
        'publish',
        dirs[0]!,
        '--consumer-app-version',
        VERSION,
        '--branch',
        'main',
      ]);
      expect(run.code, run.output).toBe(0);
      expect(broker.pacts).toHaveLength(1);
    },
    CLI_TIMEOUT,
  );

  // lib/pact_broker/contracts/service.rb#conflict_notices (allow_dangerous_contract_modification: false).
  it(
    'publish of changed content for the same version is refused with 409 and conflict notices',
    async () => {
      const before = structuredClone(broker.pacts[0]!.content);
      const dir = await pactDir(pactFile('2'));
      dirs.push(dir);
      const run = await pactBroker(broker, ['publish', dir, '--consumer-app-version', VERSION, '--branch', 'main']);
      expect(run.code, run.output).not.toBe(0);
      expect(run.output).toContain('Cannot change the content of the pact');
      expect(broker.requests.filter((r) => r.path === '/contracts/publish').map((r) => r.status)).toEqual([
        200, 200, 409,
      ]);
      const again = await publish(broker, VERSION, pactFile('2'), 'main');
      expect([again.status, again.contentType]).toEqual([409, 'application/json;charset=utf-8']);
      expect(broker.pacts).toHaveLength(1);
      expect(broker.pacts[0]!.content).toEqual(before);
    },
    CLI_TIMEOUT,
  );

  // lib/pact_broker/api/resources/deployed_versions_for_version_and_environment.rb and
  // released_versions_for_version_and_environment.rb; spec/features/record_deployment_spec.rb, record_release_spec.rb.
  // spec/features/create_environment_spec.rb.
  it(
    'create-environment, record-deployment and record-release',
    async () => {
      const env = await pactBroker(broker, ['create-environment', '--name', 'production', '--production']);
      expect(env.code, env.output).toBe(0);
      expect(broker.environments).toMatchObject([{ name: 'production', production: true }]);

      const at = ['--pacticipant', CONSUMER, '--version', VERSION, '--environment', 'production'];
      const deploy = await pactBroker(broker, ['record-deployment', ...at]);
      expect(deploy.code, deploy.output).toBe(0);
      const release = await pactBroker(broker, ['record-release', ...at]);
      expect(release.code, release.output).toBe(0);
      expect(broker.deployments).toMatchObject([
        { kind: 'deployment', pacticipant: CONSUMER, version: VERSION, environment: 'production', current: true },
        { kind: 'release', pacticipant: CONSUMER, version: VERSION, environment: 'production', current: true },
      ]);
    },
    CLI_TIMEOUT,
  );

  // The real broker answers these (spec/features/delete_branch_spec.rb, lib/pact_broker/api/resources/matrix.rb);
  // the double does not model them, so it must not pretend to.
  it(
    'refuses what it does not model, and the CLI fails naming it: can-i-deploy, delete-branch',
    async () => {
      for (const args of [
        ['can-i-deploy', '--pacticipant', CONSUMER, '--version', VERSION, '--to-environment', 'production'],
        ['delete-branch', '--pacticipant', CONSUMER, '--branch', 'main'],
      ]) {
        const run = await pactBroker(broker, args);
        expect(run.code, `${args[0]}: ${run.output}`).toBe(1);
        expect(run.output).toContain(NOT_MODELLED);
      }
      // The CLI prints the refusal of a tag but exits 0 whatever the broker answers: its own behaviour.
      const tag = await pactBroker(broker, [
        'create-version-tag',
        '--pacticipant',
        CONSUMER,
        '--version',
        VERSION,
        '--tag',
        'prod',
      ]);
      expect(tag.output).toContain(`Failed to create tag 'prod': failed validation - ["${NOT_MODELLED}: PUT`);
      expect(broker.requests.filter((r) => r.status === 400).map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual(
        [
          'GET /matrix',
          `DELETE /pacticipants/${CONSUMER}/branches/main`,
          `PUT /pacticipants/${CONSUMER}/versions/${VERSION}/tags/prod`,
        ],
      );
    },
    CLI_TIMEOUT * 3,
  );

  // spec/lib/pact_broker/pacts/content_spec.rb (with_ids); spec/features/publish_verification_spec.rb.
  it('serves the pact for verification (pending, with _ids) and records a published result', async () => {
    const selection = await forVerification(broker, {
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      includePendingStatus: true,
    });
    expect(selection.contentType).toBe(HAL_CONTENT_TYPE);
    expect(selection.json._embedded.pacts).toHaveLength(1); // both selectors chose the same content
    const [entry] = selection.json._embedded.pacts;
    expect(entry.verificationProperties.pending).toBe(true);
    expect(entry.verificationProperties.notices[0].when).toBe('before_verification');

    const pact = await call(broker, 'GET', entry._links.self.href);
    expect(pact.status).toBe(200);
    const interactionId: string = pact.json.interactions[0]._id;
    expect(interactionId).toMatch(/^[0-9a-f]{40}$/);
    expect(pact.json._links['pb:provider'].href).toBe(`${broker.url}/pacticipants/${PROVIDER}`);
    const resultsHref: string = pact.json._links['pb:publish-verification-results'].href;
    expect(resultsHref).toMatch(/\/pact-version\/[0-9a-f]{40}\/metadata\/[^/]+\/verification-results$/);

    const result = {
      success: true,
      providerApplicationVersion: '2.0.0+def',
      buildUrl: 'http://ci.example/build/1',
      testResults: [{ interactionId, success: true }],
      verifiedBy: { implementation: 'fetch', version: '1' },
    };
    const posted = await call(broker, 'POST', resultsHref, result);
    expect(posted.status).toBe(201);
    expect(broker.verifications).toMatchObject([
      { consumer: CONSUMER, provider: PROVIDER, pactVersionSha: broker.pacts[0]!.sha, consumerVersions: [VERSION] },
    ]);
    expect(broker.verifications[0]!.body).toEqual(result);

    // No provider branch: pending until any provider version verified it (lib/pact_broker/domain/pact.rb).
    const again = await forVerification(broker, {
      consumerVersionSelectors: [{ mainBranch: true }],
      includePendingStatus: true,
    });
    expect(again.json._embedded.pacts[0].verificationProperties.pending).toBe(false);
  });

  it('sent the bearer token on every request', () => {
    expect(new Set(broker.requests.map((r) => r.auth))).toEqual(new Set(['bearer']));
  });
});

// pact_broker itself has no authentication: this follows what the clients send to a broker behind basic auth
// (pact-foundation/pact-broker-docker) or to PactFlow (a bearer token), and a 401 without the credential.
describe('authentication', () => {
  let broker: BrokerDouble;
  beforeAll(async () => {
    broker = await startBrokerDouble({ token: TOKEN, username: 'ci', password: 's3cret' });
  });
  afterAll(() => broker.close());

  it('refuses a request without the token, or with a wrong one, with 401', async () => {
    expect((await call(broker, 'GET', '/', undefined, null)).status).toBe(401);
    expect((await call(broker, 'GET', '/', undefined, 'wrong')).status).toBe(401);
    expect((await call(broker, 'GET', '/')).status).toBe(200);
    expect(broker.requests.map((r) => [r.auth, r.status])).toEqual([
      ['none', 401],
      ['bearer', 401],
      ['bearer', 200],
    ]);
  });

  it(
    'the CLI fails with a wrong token and succeeds with basic auth',
    async () => {
      const args = ['create-environment', '--name', 'staging'];
      const refused = await pactBroker(broker, args, { PACT_BROKER_TOKEN: 'wrong' });
      expect(refused.code, refused.output).not.toBe(0);
      expect(broker.environments).toHaveLength(0);

      const basic = await pactBroker(broker, args, { PACT_BROKER_USERNAME: 'ci', PACT_BROKER_PASSWORD: 's3cret' });
      expect(basic.code, basic.output).toBe(0);
      expect(broker.environments).toMatchObject([{ name: 'staging', production: false }]);
      expect(broker.requests.at(-1)).toMatchObject({
        method: 'POST',
        path: '/environments',
        auth: 'basic',
        status: 201,
      });
    },
    CLI_TIMEOUT,
  );
});

describe('the verification flow, driven by the real pact_verifier (pact-js Verifier)', () => {
  let broker: BrokerDouble;
  let provider: Server;
  let dir: string;

  beforeAll(async () => {
    process.env.PACT_DO_NOT_TRACK = 'true'; // the verifier runs in this process
    broker = await startBrokerDouble({ token: TOKEN });
    dir = await pactDir(pactFile());
    provider = createServer((req, res) => {
      const ok = req.method === 'GET' && req.url === '/tokens/1';
      res.writeHead(ok ? 200 : 404, { 'Content-Type': 'application/json' }).end(ok ? '{"id":"1"}' : '{}');
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await broker.close();
    await new Promise((resolve) => provider.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const verifyAs = (providerVersion: string, providerVersionBranch: string, includeWipPactsSince?: string) =>
    new Verifier({
      provider: PROVIDER,
      providerBaseUrl: `http://127.0.0.1:${(provider.address() as AddressInfo).port}`,
      pactBrokerUrl: broker.url,
      pactBrokerToken: TOKEN,
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      enablePending: true,
      ...(includeWipPactsSince ? { includeWipPactsSince } : {}),
      publishVerificationResult: true,
      providerVersion,
      providerVersionBranch,
      logLevel: 'error',
    }).verifyProvider();

  // spec/features/create_branch_version_spec.rb; spec/features/publish_verification_spec.rb.
  it(
    'fetches by selectors, puts the provider version on its branch, publishes results per interaction',
    async () => {
      const published = await pactBroker(broker, [
        'publish',
        dir,
        '--consumer-app-version',
        VERSION,
        '--branch',
        'main',
      ]);
      expect(published.code, published.output).toBe(0);

      await verifyAs('2.0.0+def', 'main');

      expect(broker.branchPuts).toEqual([{ pacticipant: PROVIDER, version: '2.0.0+def', branch: 'main' }]);
      expect(broker.verifications).toHaveLength(1);
      const [verification] = broker.verifications;
      expect(verification).toMatchObject({ providerVersion: '2.0.0+def', success: true, consumerVersions: [VERSION] });
      // testResults carry interactionIds only because the served pact had _ids.
      expect(verification!.body.testResults).toMatchObject([
        { interactionId: expect.stringMatching(/^[0-9a-f]{40}$/), success: true },
      ]);
    },
    CLI_TIMEOUT,
  );

  // spec/features/pending_pacts_with_branches_spec.rb ("verified successfully by one branch, and then another
  // branch of the provider is created": not pending for the new branch), lib/pact_broker/pacts/pact_version.rb.
  it(
    'a new provider branch that breaks a contract main verified fails the build: the pact is not pending for it',
    async () => {
      const broken = createServer((_req, res) => res.writeHead(500).end());
      await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
      try {
        const run = new Verifier({
          provider: PROVIDER,
          providerBaseUrl: `http://127.0.0.1:${(broken.address() as AddressInfo).port}`,
          pactBrokerUrl: broker.url,
          pactBrokerToken: TOKEN,
          consumerVersionSelectors: [{ mainBranch: true }],
          enablePending: true,
          publishVerificationResult: true,
          providerVersion: '2.1.0+broken',
          providerVersionBranch: 'feat-breaking',
          logLevel: 'error',
        }).verifyProvider();
        await expect(run).rejects.toThrow();
      } finally {
        await new Promise((resolve) => broken.close(resolve));
      }
      expect(broker.verifications.at(-1)).toMatchObject({
        providerVersion: '2.1.0+broken',
        success: false,
        wip: false,
      });
    },
    CLI_TIMEOUT,
  );

  // spec/features/wip_pacts_spec.rb; lib/pact_broker/pacts/pacts_for_verification_repository.rb#find_wip.
  it(
    'a WIP pact (a consumer branch head nobody selected) is verified as pending: its failure does not fail the build',
    async () => {
      const feature = await pactDir(pactFile('2'));
      try {
        const published = await pactBroker(broker, [
          'publish',
          feature,
          '--consumer-app-version',
          '1.1.0',
          '--branch',
          'feat-x',
        ]);
        expect(published.code, published.output).toBe(0);
      } finally {
        await rm(feature, { recursive: true, force: true });
      }
      await verifyAs('2.0.1+def', 'main', '2000-01-01');
      const wip = broker.verifications.at(-1)!;
      expect(wip).toMatchObject({
        providerVersion: '2.0.1+def',
        success: false,
        wip: true,
        consumerVersions: ['1.1.0'],
      });
      // Without includeWipPactsSince, only the selected pact is verified.
      await verifyAs('2.0.2+def', 'main');
      expect(broker.verifications.at(-1)).toMatchObject({ providerVersion: '2.0.2+def', consumerVersions: [VERSION] });
    },
    CLI_TIMEOUT,
  );
});

// PactFlow is not open source: this follows the pactflow CLI's own consumer pact (pact-broker-cli,
// provider_contracts/publish) and PactFlow's documented OAS support.
describe("PactFlow's provider contracts, driven by the real pactflow CLI", () => {
  const PACTFLOW = fileURLToPath(new URL('../../node_modules/.bin/pactflow', import.meta.url));
  let broker: BrokerDouble;
  beforeAll(async () => {
    broker = await startBrokerDouble({ token: TOKEN });
  });
  afterAll(() => broker.close());

  async function publish(oas: string, extra: string[] = []): Promise<CliResult> {
    const dir = await mkdtemp(join(tmpdir(), 'provider-contract-'));
    await writeFile(join(dir, 'oas.yaml'), oas);
    await writeFile(join(dir, 'results.txt'), 'all green');
    const child = spawn(
      PACTFLOW,
      ['publish-provider-contract', join(dir, 'oas.yaml'), '--provider', PROVIDER, '--provider-app-version', VERSION]
        .concat(['--content-type', 'application/yaml', '--verification-exit-code', '0'])
        .concat(['--verification-results', join(dir, 'results.txt'), '--verifier', 'tests', '--retries', '0'], extra),
      {
        env: { ...process.env, PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_TOKEN: TOKEN, PACT_DO_NOT_TRACK: 'true' },
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    await rm(dir, { recursive: true, force: true });
    return { code, output };
  }

  it(
    'stores the contract and its evidence, decoded, and puts the version on its branch',
    async () => {
      const oas = 'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths: {}\n';
      const result = await publish(oas, ['--branch', 'main']);
      expect(result.code, result.output).toBe(0);
      expect(broker.providerContracts).toHaveLength(1);
      expect(broker.providerContracts[0]).toMatchObject({
        provider: PROVIDER,
        providerVersion: VERSION,
        branch: 'main',
        content: oas,
        verification: { success: true, content: 'all green', verifier: 'tests' },
      });
      const version = await call(broker, 'GET', `/pacticipants/${PROVIDER}/versions/${encodeURIComponent(VERSION)}`);
      expect(version.status).toBe(200);
    },
    CLI_TIMEOUT,
  );

  it(
    'refuses, as PactFlow documents, an OAS version it does not support and YAML anchors',
    async () => {
      const before = broker.providerContracts.length;
      const tooNew = await publish('openapi: 3.2.0\ninfo: { title: t, version: "1" }\npaths: {}\n');
      expect(tooNew.code).not.toBe(0);
      const anchored = await publish('openapi: 3.0.3\ninfo: &i { title: t, version: "1" }\nx-again: *i\npaths: {}\n');
      expect(anchored.code).not.toBe(0);
      expect(broker.providerContracts).toHaveLength(before);
      expect(broker.requests.filter((r) => r.path.includes('/provider-contracts/')).map((r) => r.status)).toEqual([
        200, 400, 400,
      ]);
    },
    CLI_TIMEOUT,
  );
});
