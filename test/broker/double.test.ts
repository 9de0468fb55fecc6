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
import { startBrokerDouble, type BrokerDouble, type JsonObject } from './double.ts';

const PACT_BROKER = fileURLToPath(new URL('../../node_modules/.bin/pact-broker', import.meta.url));
const TOKEN = 'broker-double-token';
const CONSUMER = 'broker-double-consumer';
const PROVIDER = 'broker-double-provider';
const VERSION = '1.0.0+abc';
const CLI_TIMEOUT = 30_000;

/** A minimal PactV4 file with one HTTP interaction; `id` varies the content. */
function pactFile(id = '1'): JsonObject {
  return {
    consumer: { name: CONSUMER },
    provider: { name: PROVIDER },
    interactions: [
      {
        type: 'Synchronous/HTTP',
        description: 'a request for token ' + id,
        request: { method: 'GET', path: `/tokens/${id}`, headers: { Accept: ['application/json'] } },
        response: {
          status: 200,
          headers: { 'Content-Type': ['application/json'] },
          body: { contentType: 'application/json', encoded: false, content: { id } },
        },
      },
    ],
    metadata: { pactSpecification: { version: '4.0' } },
  };
}

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

/** A JSON call to the double, as a client would make it. */
async function call(broker: BrokerDouble, method: string, url: string, body?: unknown, token: string | null = TOKEN) {
  const headers: Record<string, string> = { accept: 'application/hal+json, application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url.startsWith('http') ? url : broker.url + url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary HAL JSON
  const json: any = text === '' ? undefined : JSON.parse(text);
  return { status: response.status, contentType: response.headers.get('content-type'), json };
}

const publishBody = (version: string, content: JsonObject, branch?: string, tags?: string[]) => ({
  pacticipantName: CONSUMER,
  pacticipantVersionNumber: version,
  branch,
  tags,
  contracts: [
    {
      consumerName: CONSUMER,
      providerName: PROVIDER,
      specification: 'pact',
      contentType: 'application/json',
      content: Buffer.from(JSON.stringify(content)).toString('base64'),
      onConflict: 'overwrite',
    },
  ],
});

describe('the broker double, driven by the real pact-broker CLI (one scenario, in order)', () => {
  let broker: BrokerDouble;
  const dirs: string[] = [];
  const canIDeploy = () =>
    pactBroker(broker, [
      'can-i-deploy',
      '--pacticipant',
      CONSUMER,
      '--version',
      VERSION,
      '--to-environment',
      'production',
    ]);

  beforeAll(async () => {
    broker = await startBrokerDouble({ token: TOKEN });
  });
  afterAll(async () => {
    await broker.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

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
      expect(broker.pacts).toHaveLength(1);
      expect(broker.pacts[0]!.content).toEqual(before);
    },
    CLI_TIMEOUT,
  );

  it(
    'create-environment and record-deployment',
    async () => {
      const env = await pactBroker(broker, ['create-environment', '--name', 'production', '--production']);
      expect(env.code, env.output).toBe(0);
      expect(broker.environments).toMatchObject([{ name: 'production', production: true }]);

      const deploy = await pactBroker(broker, [
        'record-deployment',
        ...['--pacticipant', CONSUMER, '--version', VERSION, '--environment', 'production'],
      ]);
      expect(deploy.code, deploy.output).toBe(0);
      expect(broker.deployments).toMatchObject([
        { pacticipant: CONSUMER, version: VERSION, environment: 'production', currentlyDeployed: true },
      ]);
    },
    CLI_TIMEOUT,
  );

  it(
    'can-i-deploy says no (exit 1) while no verification result exists',
    async () => {
      const run = await canIDeploy();
      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain('There is no verified pact');
    },
    CLI_TIMEOUT,
  );

  it('serves the pact for verification (pending, with _ids) and records a published result', async () => {
    const selection = await call(broker, 'POST', `/pacts/provider/${PROVIDER}/for-verification`, {
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      includePendingStatus: true,
    });
    expect(selection.contentType).toBe('application/hal+json');
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

    const again = await call(broker, 'POST', `/pacts/provider/${PROVIDER}/for-verification`, {
      consumerVersionSelectors: [{ mainBranch: true }],
      includePendingStatus: true,
    });
    expect(again.json._embedded.pacts[0].verificationProperties.pending).toBe(false);
  });

  it(
    'can-i-deploy says yes (exit 0) once the verification succeeded',
    async () => {
      const run = await canIDeploy();
      expect(run.code, run.output).toBe(0);
    },
    CLI_TIMEOUT,
  );

  it('sent the bearer token on every request', () => {
    expect(new Set(broker.requests.map((r) => r.auth))).toEqual(new Set(['bearer']));
  });
});

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

describe('consumer version selectors', () => {
  let broker: BrokerDouble;
  const versionsFor = async (selectors: object[]) => {
    const reply = await call(broker, 'POST', `/pacts/provider/${PROVIDER}/for-verification`, {
      consumerVersionSelectors: selectors,
    });
    expect(reply.status).toBe(200);
    const names: string[] = reply.json._embedded.pacts.map(
      (p: { _links: { self: { name: string } } }) => p._links.self.name,
    );
    return names.sort();
  };

  beforeAll(async () => {
    broker = await startBrokerDouble();
    // main: 1 then 2; feat-x: 3; 4 has no branch. 1 is deployed to production.
    for (const [version, branch] of [
      ['1', 'main'],
      ['2', 'main'],
      ['3', 'feat-x'],
      ['4', undefined],
    ] as const) {
      expect(
        (await call(broker, 'POST', '/contracts/publish', publishBody(version, pactFile(version), branch))).status,
      ).toBe(200);
    }
    const env = await call(broker, 'POST', '/environments', { name: 'production', production: true });
    const v1 = await call(broker, 'GET', `/pacticipants/${CONSUMER}/versions/1`);
    const link = v1.json._links['pb:record-deployment'].find((l: { name: string }) => l.name === 'production');
    expect(link.href).toContain(env.json.uuid);
    expect((await call(broker, 'POST', link.href, {})).status).toBe(201);
  });
  afterAll(() => broker.close());

  const pactOf = (v: string) => `Pact between ${CONSUMER} (${v}) and ${PROVIDER}`;

  it('mainBranch, branch, latest and deployedOrReleased choose what was published and deployed', async () => {
    expect(await versionsFor([{ mainBranch: true }])).toEqual([pactOf('2')]);
    expect(await versionsFor([{ branch: 'feat-x' }])).toEqual([pactOf('3')]);
    expect(await versionsFor([{ latest: true }])).toEqual([pactOf('4')]);
    expect(await versionsFor([{ deployedOrReleased: true }])).toEqual([pactOf('1')]);
    expect(await versionsFor([{ mainBranch: true }, { deployedOrReleased: true }])).toEqual([pactOf('1'), pactOf('2')]);
    expect(await versionsFor([{ branch: 'nope' }])).toEqual([]);
  });

  it('refuses selectors it does not model instead of guessing', async () => {
    const reply = await call(broker, 'POST', `/pacts/provider/${PROVIDER}/for-verification`, {
      consumerVersionSelectors: [{ branch: 'feat-y', fallbackBranch: 'main' }],
    });
    expect(reply.status).toBe(400);
  });

  it('the same content under a new version is one pact version; a later deploy replaces the earlier one', async () => {
    expect((await call(broker, 'POST', '/contracts/publish', publishBody('5', pactFile('2'), 'main'))).status).toBe(
      200,
    );
    expect(broker.pacts.find((p) => p.consumerVersion === '5')!.sha).toBe(
      broker.pacts.find((p) => p.consumerVersion === '2')!.sha,
    );
    expect(await versionsFor([{ mainBranch: true }])).toEqual([pactOf('5')]);

    const v5 = await call(broker, 'GET', `/pacticipants/${CONSUMER}/versions/5`);
    expect((await call(broker, 'POST', v5.json._links['pb:record-deployment'][0].href, {})).status).toBe(201);
    expect(broker.deployments.map((d) => [d.version, d.currentlyDeployed])).toEqual([
      ['1', false],
      ['5', true],
    ]);
    expect(await versionsFor([{ deployedOrReleased: true }])).toEqual([pactOf('5')]);
  });
});

describe('the matrix (what can-i-deploy reads)', () => {
  let broker: BrokerDouble;
  // A raw '+' in the query must stay '+' (no form decoding).
  const matrixFor = async (pacticipant: string, version: string) =>
    (
      await call(
        broker,
        'GET',
        `/matrix?q[][pacticipant]=${pacticipant}&q[][version]=${version}&latestby=cvp&latest=true`,
      )
    ).json;
  const verify = async (success: boolean, providerApplicationVersion: string) => {
    const pact = await call(
      broker,
      'GET',
      `/pacts/provider/${PROVIDER}/consumer/${CONSUMER}/version/${encodeURIComponent(VERSION)}`,
    );
    const posted = await call(broker, 'POST', pact.json._links['pb:publish-verification-results'].href, {
      success,
      providerApplicationVersion,
    });
    expect(posted.status).toBe(201);
  };

  beforeAll(async () => {
    broker = await startBrokerDouble();
    expect((await call(broker, 'POST', '/contracts/publish', publishBody(VERSION, pactFile(), 'main'))).status).toBe(
      200,
    );
  });
  afterAll(() => broker.close());

  it('follows the latest verification result of the pact version', async () => {
    let m = await matrixFor(CONSUMER, VERSION);
    expect(m.summary).toMatchObject({ deployable: false, unknown: 1 });
    expect(m.summary.reason).toContain('There is no verified pact');
    expect(m.matrix).toMatchObject([{ consumer: { version: { number: VERSION } }, verificationResult: null }]);

    await verify(false, '2');
    m = await matrixFor(CONSUMER, VERSION);
    expect(m.summary).toMatchObject({ deployable: false, failed: 1 });
    expect(m.notices[0]).toMatchObject({ type: 'danger', text: expect.stringContaining('failed') });

    await verify(true, '3');
    m = await matrixFor(CONSUMER, VERSION);
    expect(m.summary).toMatchObject({ deployable: true, success: 1 });
    expect(m.matrix[0]).toMatchObject({
      provider: { version: { number: '3' } },
      verificationResult: { success: true },
    });

    await verify(false, '4');
    expect((await matrixFor(CONSUMER, VERSION)).summary.deployable).toBe(false);
    // Naming the provider version narrows the results to it.
    const pinned = await call(
      broker,
      'GET',
      `/matrix?q[][pacticipant]=${CONSUMER}&q[][version]=${VERSION}&q[][pacticipant]=${PROVIDER}&q[][version]=3&latestby=cvpv`,
    );
    expect(pinned.json.summary.deployable).toBe(true);
  });

  it('answers 400 for an unknown version and "unknown" (null) for a provider-side question', async () => {
    const unknown = await call(broker, 'GET', `/matrix?q[][pacticipant]=${CONSUMER}&q[][version]=9.9.9&latestby=cvp`);
    expect(unknown.status).toBe(400);
    expect((await matrixFor(PROVIDER, '3')).summary.deployable).toBeNull();
  });
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

  it(
    'fetches by selectors, tags and branches the provider version, publishes results; can-i-deploy then says yes',
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

      await new Verifier({
        provider: PROVIDER,
        providerBaseUrl: `http://127.0.0.1:${(provider.address() as AddressInfo).port}`,
        pactBrokerUrl: broker.url,
        pactBrokerToken: TOKEN,
        consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
        enablePending: true,
        publishVerificationResult: true,
        providerVersion: '2.0.0+def',
        providerVersionBranch: 'main',
        providerVersionTags: ['dev'],
        logLevel: 'warn',
      }).verifyProvider();

      expect(broker.versionLabels).toEqual([
        { kind: 'branch', pacticipant: PROVIDER, version: '2.0.0+def', name: 'main' },
        { kind: 'tag', pacticipant: PROVIDER, version: '2.0.0+def', name: 'dev' },
      ]);
      expect(broker.verifications).toHaveLength(1);
      const [verification] = broker.verifications;
      expect(verification).toMatchObject({ providerVersion: '2.0.0+def', success: true, consumerVersions: [VERSION] });
      // testResults carry interactionIds only because the served pact had _ids.
      expect(verification!.body.testResults).toMatchObject([
        { interactionId: expect.stringMatching(/^[0-9a-f]{40}$/), success: true },
      ]);

      const check = await pactBroker(broker, ['can-i-deploy', '--pacticipant', CONSUMER, '--version', VERSION]);
      expect(check.code, check.output).toBe(0);
    },
    CLI_TIMEOUT,
  );
});

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
      const result = await publish(oas, ['--branch', 'main', '--tag', 'ci']);
      expect(result.code, result.output).toBe(0);
      expect(broker.providerContracts).toHaveLength(1);
      expect(broker.providerContracts[0]).toMatchObject({
        provider: PROVIDER,
        providerVersion: VERSION,
        branch: 'main',
        tags: ['ci'],
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
