// pb:provider-pacts-for-verification of the broker double, against what pact_broker does: each test names the
// broker spec (or code) it follows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HAL_CONTENT_TYPE, NOT_MODELLED, startBrokerDouble, type BrokerDouble, type JsonObject } from './double.ts';
import { CONSUMER, call, forVerification, pactFile, publish, verify } from './http.ts';

let broker: BrokerDouble;
beforeEach(async () => {
  broker = await startBrokerDouble();
});
afterEach(() => broker.close());

interface Entry {
  shortDescription: string;
  verificationProperties: { pending?: boolean; wip?: boolean; notices: { when: string; text: string }[] };
  _links: { self: { href: string; name: string } };
}

async function pactsFor(body: JsonObject): Promise<Entry[]> {
  const reply = await forVerification(broker, body);
  expect(reply.status, JSON.stringify(reply.json)).toBe(200);
  expect(reply.contentType).toBe(HAL_CONTENT_TYPE);
  return reply.json._embedded.pacts as Entry[];
}

const onMain = { consumerVersionSelectors: [{ mainBranch: true }], includePendingStatus: true };
const pendingFor = async (providerVersionBranch?: string) =>
  (await pactsFor({ ...onMain, ...(providerVersionBranch ? { providerVersionBranch } : {}) })).map(
    (p) => p.verificationProperties.pending,
  );
const hrefOnMain = async () => (await pactsFor(onMain))[0]!._links.self.href;

describe('pending, per provider branch (spec/features/pending_pacts_with_branches_spec.rb)', () => {
  beforeEach(async () => {
    expect((await publish(broker, '1', pactFile(), 'main')).status).toBe(200);
  });

  it('a pact is pending when first published, and still pending after a failed verification', async () => {
    expect(await pendingFor('main')).toEqual([true]);
    await verify(broker, await hrefOnMain(), '2', 'main', false);
    expect(await pendingFor('main')).toEqual([true]);
  });

  it('a successful verification from the branch ends pending for that branch', async () => {
    await verify(broker, await hrefOnMain(), '2', 'main', true);
    expect(await pendingFor('main')).toEqual([false]);
    const [notice] = (
      await pactsFor({ ...onMain, providerVersionBranch: 'main' })
    )[0]!.verificationProperties.notices.slice(1);
    expect(notice!.text).toMatch(
      /^This pact has previously been successfully verified by a version of .* from branch 'main'\./,
    );
  });

  it('a provider branch created after main verified the pact inherits it: not pending, so a failure fails the build', async () => {
    await verify(broker, await hrefOnMain(), '2', 'main', true);
    // The verifier asks before it puts its version on the new branch, and again on the next build.
    expect(await pendingFor('feat-new')).toEqual([false]);
    await verify(broker, await hrefOnMain(), '3', 'feat-new', false);
    expect(await pendingFor('feat-new')).toEqual([false]);
  });

  // lib/pact_broker/pacts/pact_version.rb#any_successful_verifications_from_another_branch_from_before_this_branch_created?
  it('a branch that existed before main verified the pact does not inherit that verification', async () => {
    await verify(broker, await hrefOnMain(), '2', 'feat-old', false);
    await verify(broker, await hrefOnMain(), '3', 'main', true);
    expect(await pendingFor('feat-old')).toEqual([true]);
    expect(await pendingFor('main')).toEqual([false]);
  });

  // lib/pact_broker/domain/pact.rb#pending_for_any_provider_branch?
  it('without a provider branch: pending until any provider version verified it successfully', async () => {
    expect(await pendingFor()).toEqual([true]);
    await verify(broker, await hrefOnMain(), '2', 'feat-y', true);
    expect(await pendingFor()).toEqual([false]);
  });

  // lib/pact_broker/pacts/build_verifiable_pact_notices.rb: pending and its notices only when asked for;
  // lib/pact_broker/api/decorators/pacts_for_verification_query_decorator.rb: asked for unless said otherwise.
  it('includePendingStatus: false leaves out pending and its notices; absent, it means true', async () => {
    const selectors = { consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'main' };
    const [without] = await pactsFor({ ...selectors, includePendingStatus: false });
    expect(without!.verificationProperties.pending).toBeUndefined();
    expect(without!.verificationProperties.notices.map((n) => n.when)).toEqual(['before_verification']);
    const [byDefault] = await pactsFor(selectors);
    expect(byDefault!.verificationProperties.pending).toBe(true);
    expect(byDefault!.verificationProperties.notices).toHaveLength(6);
  });
});

describe('WIP pacts (spec/lib/pact_broker/pacts/repository_find_wip_pact_versions_for_provider_branch_spec.rb)', () => {
  const SINCE = '2000-01-01';
  const wipFor = async (providerVersionBranch: string | undefined, since = SINCE) =>
    (
      await pactsFor({
        ...onMain,
        includeWipPactsSince: since,
        ...(providerVersionBranch ? { providerVersionBranch } : {}),
      })
    )
      .filter((p) => p.verificationProperties.wip)
      .map((p) => p._links.self.name);
  const pactOf = (v: string) => `Pact between ${CONSUMER} (${v}) and broker-double-provider`;

  beforeEach(async () => {
    expect((await publish(broker, '1', pactFile('1'), 'main')).status).toBe(200);
    expect((await publish(broker, '2', pactFile('2'), 'feat-x')).status).toBe(200);
  });

  it('the head of a consumer branch nobody selected is WIP, pending, with the WIP notices', async () => {
    const entries = await pactsFor({ ...onMain, includeWipPactsSince: SINCE, providerVersionBranch: 'main' });
    const wip = entries.find((p) => p.verificationProperties.wip)!;
    expect(wip._links.self.name).toBe(pactOf('2'));
    expect(wip.verificationProperties.pending).toBe(true);
    expect(wip.shortDescription).toBe('latest from branch feat-x');
    expect(wip.verificationProperties.notices[0]!.text).toContain(
      "is being verified because it is a 'work in progress' pact",
    );
    expect(wip.verificationProperties.notices[1]!.text).toContain(
      "because it was included as a 'work in progress' pact",
    );
  });

  it('"when there are no tags or branch": none; "published before include_wip_pacts_since": not included', async () => {
    expect(await wipFor(undefined)).toEqual([]);
    expect(await wipFor('main', '2999-01-01')).toEqual([]);
  });

  it('only branch heads: a later version on the branch replaces the earlier one', async () => {
    expect((await publish(broker, '3', pactFile('3'), 'feat-x')).status).toBe(200);
    expect(await wipFor('main')).toEqual([pactOf('3')]);
  });

  it('"verified by the given provider branch but it was a WIP verification": still included', async () => {
    const [wip] = (await pactsFor({ ...onMain, includeWipPactsSince: SINCE, providerVersionBranch: 'main' })).filter(
      (p) => p.verificationProperties.wip,
    );
    await verify(broker, wip!._links.self.href, '10', 'main', true);
    expect(broker.verifications.at(-1)).toMatchObject({ wip: true, consumerVersions: ['2'] });
    expect(await wipFor('main')).toEqual([pactOf('2')]);
  });

  it('"successfully verified by the given provider branch" (outside WIP): not included; a pact the selectors chose is not WIP', async () => {
    // The consumer merges: the same content on main is selected explicitly, so it is not WIP.
    expect((await publish(broker, '4', pactFile('2'), 'main')).status).toBe(200);
    expect(await wipFor('main')).toEqual([]);
    await verify(broker, await hrefOnMain(), '11', 'main', true);
    // feat-x's head has that content: verified by main outside WIP, it stays out even if main moves on.
    expect((await publish(broker, '5', pactFile('5'), 'main')).status).toBe(200);
    expect(await wipFor('main')).toEqual([]);
  });

  it('"previous successful verifications from another branch" before this branch existed: not included', async () => {
    expect((await publish(broker, '4', pactFile('2'), 'main')).status).toBe(200);
    await verify(broker, await hrefOnMain(), '11', 'main', true);
    expect((await publish(broker, '5', pactFile('5'), 'main')).status).toBe(200);
    expect(await wipFor('feat-new')).toEqual([]);
    // "a successful verification from after the first provider version with the specified branch was created": included.
    await verify(broker, await hrefOnMain(), '12', 'feat-late', false);
    expect((await publish(broker, '6', pactFile('6'), 'feat-z')).status).toBe(200);
    await verify(
      broker,
      (await pactsFor({ consumerVersionSelectors: [{ latest: true }] }))[0]!._links.self.href,
      '13',
      'main',
      true,
    );
    expect(await wipFor('feat-late')).toContain(pactOf('6'));
  });
});

describe('deployed and released consumer versions', () => {
  const names = async (selectors: JsonObject[]) =>
    (await pactsFor({ consumerVersionSelectors: selectors })).map((p) => p._links.self.name).sort();
  const pactOf = (v: string) => `Pact between ${CONSUMER} (${v}) and broker-double-provider`;

  async function record(kind: 'pb:record-deployment' | 'pb:record-release', version: string, environment: string) {
    const v = await call(broker, 'GET', `/pacticipants/${CONSUMER}/versions/${version}`);
    const link = (v.json._links[kind] as { name: string; href: string }[]).find((l) => l.name === environment)!;
    const recorded = await call(broker, 'POST', link.href, {});
    expect(recorded.status).toBe(201);
    expect(recorded.contentType).toBe(HAL_CONTENT_TYPE);
  }

  beforeEach(async () => {
    for (const v of ['1', '2', '3']) expect((await publish(broker, v, pactFile(v), 'main')).status).toBe(200);
    for (const name of ['production', 'test'])
      expect((await call(broker, 'POST', '/environments', { name, production: name === 'production' })).status).toBe(
        201,
      );
  });

  // spec/lib/pact_broker/pacts/repository_find_for_currently_deployed_spec.rb; deployed_version_service.rb.
  it('deployed: the version currently deployed, replaced by the next deployment to the environment', async () => {
    await record('pb:record-deployment', '1', 'production');
    await record('pb:record-deployment', '2', 'production');
    await record('pb:record-deployment', '3', 'test');
    expect(await names([{ deployed: true }])).toEqual([pactOf('2'), pactOf('3')]);
    expect(await names([{ deployed: true, environment: 'test' }])).toEqual([pactOf('3')]);
    expect(broker.deployments.map((d) => [d.version, d.current])).toEqual([
      ['1', false],
      ['2', true],
      ['3', true],
    ]);
  });

  // spec/lib/pact_broker/pacts/repository_find_for_currently_supported_releases_spec.rb; released_version_service.rb.
  it('released: every release stays supported; deployedOrReleased takes both', async () => {
    await record('pb:record-release', '1', 'production');
    await record('pb:record-release', '2', 'production');
    await record('pb:record-deployment', '3', 'test');
    expect(await names([{ released: true }])).toEqual([pactOf('1'), pactOf('2')]);
    expect(await names([{ deployedOrReleased: true }])).toEqual([pactOf('1'), pactOf('2'), pactOf('3')]);
    expect(await names([{ deployedOrReleased: true, environment: 'test' }])).toEqual([pactOf('3')]);
    const [entry] = await pactsFor({
      consumerVersionSelectors: [{ released: true, environment: 'production' }, { mainBranch: true }],
    }).then((pacts) => pacts.filter((p) => p._links.self.name === pactOf('2')));
    expect(entry!.shortDescription).toBe('released in production');
    expect(entry!.verificationProperties.notices[0]!.text).toContain(
      '* consumer version(s) released and supported in production (2)',
    );
  });

  // lib/pact_broker/api/contracts/consumer_version_selector_contract.rb, with the messages of locale/en.yml.
  it('refuses what the broker refuses, and an environment alone, which the double does not model', async () => {
    const refusal = async (selector: JsonObject) =>
      (await forVerification(broker, { consumerVersionSelectors: [selector] })).json.errors;
    expect(await refusal({ deployed: true, released: true })).toEqual([
      'cannot specify both deployed=true and released=true',
    ]);
    expect(await refusal({ deployed: true, deployedOrReleased: true })).toEqual([
      'cannot specify both deployed=true and deployedOrReleased=true',
    ]);
    expect(await refusal({ deployed: true, environment: 'nowhere' })).toEqual([
      "environment with name 'nowhere' does not exist",
    ]);
    expect((await refusal({ environment: 'test' }))[NOT_MODELLED]).toEqual([
      'the consumer version selector {"environment":"test"}',
    ]);
  });

  // spec/lib/pact_broker/pacts/repository_find_for_verification_spec.rb: one entry per content, every criterion listed.
  it('one entry per pact content, naming each selector that chose it', async () => {
    await record('pb:record-deployment', '3', 'production');
    await record('pb:record-deployment', '3', 'test');
    const [entry] = await pactsFor({ consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }] });
    // verifiable_pact_decorator.rb: the notice names the pact version without the selection's metadata.
    expect(entry!.verificationProperties.notices[0]!.text).toMatch(
      new RegExp(`^The pact at ${broker.url}/pacts/provider/[^/]+/consumer/[^/]+/pact-version/[0-9a-f]{40} is being`),
    );
    expect(entry!.shortDescription).toBe('latest from main branch, deployed to production, deployed to test');
    expect(entry!.verificationProperties.notices[0]!.text).toMatch(
      /matching the following criteria:\n {4}\* latest version from the main branch 'main' \(3\)\n {4}\* consumer version\(s\) currently deployed to production \(3\) and test \(3\)$/,
    );
  });

  // lib/pact_broker/pacts/pacts_for_verification_repository.rb#default_selectors (no selectors: main branch, deployed, released).
  it('without selectors: the latest from each main branch, and what is deployed or released', async () => {
    await record('pb:record-release', '1', 'production');
    expect(await names([])).toEqual([pactOf('1'), pactOf('3')]);
    const get = await call(broker, 'GET', '/pacts/provider/broker-double-provider/for-verification');
    expect(get.json._embedded.pacts.map((p: Entry) => p._links.self.name).sort()).toEqual([pactOf('1'), pactOf('3')]);
  });
});

describe('what the double does not model is refused with a 400 naming it, never answered', () => {
  beforeEach(async () => {
    expect((await publish(broker, '1', pactFile(), 'main')).status).toBe(200);
  });

  it.each([
    [{ consumerVersionSelectors: [{ branch: 'feat-x' }] }, 'branch'],
    [{ consumerVersionSelectors: [{ tag: 'prod', latest: true }] }, 'tag'],
    [{ consumerVersionSelectors: [{ mainBranch: true, fallbackBranch: 'main' }] }, 'fallbackBranch'],
    [{ consumerVersionSelectors: [{ matchingBranch: true }] }, 'matchingBranch'],
    [{ consumerVersionSelectors: [{ mainBranch: true, deployed: true }] }, 'mainBranch'],
    [{ providerVersionTags: ['dev'] }, 'providerVersionTags'],
  ])('%j', async (body, named) => {
    const reply = await forVerification(broker, body);
    expect(reply.status).toBe(400);
    expect(reply.contentType).toBe(HAL_CONTENT_TYPE);
    expect(reply.json.errors[NOT_MODELLED].join()).toContain(named);
  });

  it('publishing with tags, and paths it has no route for', async () => {
    const tagged = await call(broker, 'POST', '/contracts/publish', { pacticipantName: CONSUMER, tags: ['dev'] });
    expect(tagged.json.errors[NOT_MODELLED]).toEqual(['consumer version tags (use a branch)']);
    for (const [method, path] of [
      ['GET', '/matrix?q[][pacticipant]=x&q[][version]=1'],
      ['GET', '/pacticipants'],
      ['DELETE', `/pacticipants/${CONSUMER}/branches/main`],
      ['POST', '/webhooks'],
      ['GET', '/pacts/latest'],
      ['PATCH', `/pacticipants/${CONSUMER}`],
    ] as const) {
      const reply = await call(broker, method, path);
      expect(reply.status, `${method} ${path}`).toBe(400);
      expect(reply.json.errors[NOT_MODELLED]).toEqual([`${method} ${path.split('?')[0]}`]);
    }
    // Queries: filters and the GET form of the selectors are not modelled either.
    for (const path of [
      '/environments?name=test',
      '/pacts/provider/broker-double-provider/for-verification?include_pending_status=false',
    ]) {
      const reply = await call(broker, 'GET', path);
      expect(reply.status, path).toBe(400);
      expect(reply.json.errors[NOT_MODELLED]).toEqual([`the query of GET ${path.split('?')[0]}`]);
    }
  });
});
