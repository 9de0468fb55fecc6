// The consumer pact the Pact Broker client publishes for itself, which the real broker is verified against in its
// CI: fixtures/pact_broker_client-pact_broker.json, the same JSON (reformatted by prettier) as
// pact-foundation/pact_broker-client's spec/pacts/pact_broker_client-pact_broker.json at 76c9a338. The real
// Verifier replays the interactions the double models, each against a fresh double set up in the interaction's
// provider state; every other interaction must be refused (or not found), never answered 2xx.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { NOT_MODELLED, startBrokerDouble, type BrokerDouble, type JsonObject } from './double.ts';
import { call } from './http.ts';

interface Interaction {
  description: string;
  providerState?: string;
  request: { method: string; path: string; query?: string; headers?: Record<string, string>; body?: JsonObject };
  response: { status: number; headers?: Record<string, string>; body?: JsonObject };
}

const PACT = JSON.parse(
  readFileSync(new URL('./fixtures/pact_broker_client-pact_broker.json', import.meta.url), 'utf8'),
) as JsonObject & { interactions: Interaction[] };
const FOO_VERSION = '5556b8149bf8bac76bc30f50a8a2dd4c22c85f30';

const publishPact = (broker: BrokerDouble, consumer: string, provider: string, version: string) =>
  call(broker, 'POST', '/contracts/publish', {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    contracts: [
      {
        consumerName: consumer,
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(
          JSON.stringify({ consumer: { name: consumer }, provider: { name: provider }, interactions: [] }),
        ).toString('base64'),
      },
    ],
  });
const createEnvironments = async (broker: BrokerDouble, ...names: string[]) => {
  for (const name of names) await call(broker, 'POST', '/environments', { name, production: false });
};

const fooVersionWith =
  (...environments: string[]) =>
  async (b: BrokerDouble) => {
    await publishPact(b, 'Foo', 'Baz', FOO_VERSION);
    await createEnvironments(b, ...environments);
  };
const FOO_EXISTS = `version ${FOO_VERSION} of pacticipant Foo exists with`;

/** The provider states of the interactions the double models, set up through its own API. */
const STATES: Record<string, (broker: BrokerDouble) => Promise<unknown>> = {
  'a pacticipant with name Foo exists': (b) => publishPact(b, 'Foo', 'Bar', '1'),
  "the 'Pricing Service' and 'Condor' already exist in the pact-broker, and Condor already has a pact published for version 1.3.0":
    (b) => publishPact(b, 'Condor', 'Pricing Service', '1.3.0'),
  [`${FOO_EXISTS} a test environment available for deployment`]: fooVersionWith('test'),
  [`${FOO_EXISTS} a test environment available for release`]: fooVersionWith('test'),
  [`${FOO_EXISTS} 2 environments that aren't test available for deployment`]: fooVersionWith('prod', 'dev'),
  'an environment with name test exists': (b) => createEnvironments(b, 'test'),
  // The UUID is the broker's to choose: the placeholder resolves to the environment named test.
  'an environment with name test and UUID 16926ef3-590f-4e3f-838e-719717aa88c9 exists': (b) =>
    createEnvironments(b, 'test'),
};
const STATELESS = [
  undefined,
  "the 'Pricing Service' does not exist in the pact-broker",
  'the pacticipant relations are present',
];
const knownState = (state: string | undefined) =>
  STATELESS.includes(state) ||
  (state !== undefined && (state in STATES || / exists? in the index resource$/.test(state)));
// The requests the double routes (double.ts ROUTES), the placeholders standing for its relations included.
const MODELLED_REQUESTS = [
  /^GET \/$/,
  /^GET \/pacticipants\/[^/]+$/,
  /^GET \/pacts\/provider\/[^/]+\/consumer\/[^/]+\/version\/[^/]+$/,
  /^POST \/HAL-REL-PLACEHOLDER-PB-PUBLISH-CONTRACTS$/,
  /^GET \/HAL-REL-PLACEHOLDER-PB-(PACTICIPANT-VERSION|ENVIRONMENTS?)\b/,
  /^POST \/HAL-REL-PLACEHOLDER-PB-RECORD-(DEPLOYMENT|RELEASE)-/,
];
const modelled = ({ providerState, request }: Interaction) =>
  knownState(providerState) &&
  MODELLED_REQUESTS.some((r) => r.test(`${request.method.toUpperCase()} ${request.path}`)) &&
  !(request.body && 'tags' in request.body);

/**
 * Tags are not modelled, so publishing with them is refused (below); the same publication without them is
 * replayed as well, its answer without the tags' links: publishing is what our scripts do most.
 */
function withoutTags(i: Interaction): Interaction {
  const { tags: _tags, ...body } = i.request.body ?? {};
  const { _links, ...answer } = i.response.body ?? {};
  const { 'pb:pacticipant-version-tags': _tagLinks, ...links } = (_links ?? {}) as JsonObject;
  return {
    ...i,
    description: `${i.description}, without its tags`,
    request: { ...i.request, body },
    response: { ...i.response, body: { ...answer, _links: links } },
  };
}

/**
 * The client's pact writes the links it follows as placeholders (pact_broker's own verification rewrites them):
 * resolve each by following the double's relations, as a client would.
 */
async function resolvePlaceholder(broker: BrokerDouble, path: string): Promise<string> {
  const links = (await call(broker, 'GET', '/')).json._links as Record<string, { href: string }>;
  const local = (href: string) => href.slice(broker.url.length);
  const versionLinks = async (rel: string) => {
    const version = await call(broker, 'GET', `/pacticipants/Foo/versions/${FOO_VERSION}`);
    return local((version.json._links[rel] as { name: string; href: string }[]).find((l) => l.name === 'test')!.href);
  };
  if (path === '/HAL-REL-PLACEHOLDER-PB-PUBLISH-CONTRACTS') return local(links['pb:publish-contracts']!.href);
  if (path === '/HAL-REL-PLACEHOLDER-PB-ENVIRONMENTS') return local(links['pb:environments']!.href);
  if (path.startsWith('/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-VERSION-Foo-'))
    return local(
      links['pb:pacticipant-version']!.href.replace('{pacticipant}', 'Foo').replace('{version}', FOO_VERSION),
    );
  if (path.startsWith('/HAL-REL-PLACEHOLDER-PB-RECORD-DEPLOYMENT-')) return versionLinks('pb:record-deployment');
  if (path.startsWith('/HAL-REL-PLACEHOLDER-PB-RECORD-RELEASE-')) return versionLinks('pb:record-release');
  if (path.startsWith('/HAL-REL-PLACEHOLDER-PB-ENVIRONMENT-')) {
    const environments = (await call(broker, 'GET', '/environments')).json._links['pb:environments'];
    return local((environments as { name: string; href: string }[]).find((e) => e.name === 'test')!.href);
  }
  return path;
}

const all = PACT.interactions.map((interaction, index) => ({ index, interaction }));
const publishing = all.find(
  ({ interaction }) => interaction.request.path === '/HAL-REL-PLACEHOLDER-PB-PUBLISH-CONTRACTS',
)!;
const replayed = [
  ...all.filter(({ interaction }) => modelled(interaction)),
  { index: publishing.index, interaction: withoutTags(publishing.interaction) },
];
const refused = all.filter(({ interaction }) => !modelled(interaction));

describe("the broker client's own pact, replayed by the real Verifier against the double", () => {
  it('covers what the double models: 19 of the 64 as they are, and the publication without its tags', () => {
    expect(replayed).toHaveLength(20);
    expect(refused).toHaveLength(64 - 19);
  });

  it.each(replayed.map(({ index, interaction }) => [index, interaction.description, interaction] as const))(
    '#%i %s',
    async (_index, _description, interaction) => {
      const broker = await startBrokerDouble();
      const dir = await mkdtemp(join(tmpdir(), 'client-pact-'));
      try {
        const file = join(dir, 'pact.json');
        await writeFile(file, JSON.stringify({ ...PACT, interactions: [interaction] }));
        const state = interaction.providerState;
        await new Verifier({
          provider: 'Pact Broker',
          providerBaseUrl: broker.url,
          pactUrls: [file],
          stateHandlers: state
            ? {
                [state]: async () => {
                  await STATES[state]?.(broker);
                },
              }
            : {},
          requestFilter: (req: { url: string }, _res: unknown, next: () => void) => {
            void resolvePlaceholder(broker, req.url).then((url) => {
              req.url = url;
              next();
            });
          },
          logLevel: 'error',
        }).verifyProvider();
      } finally {
        await rm(dir, { recursive: true, force: true });
        await broker.close();
      }
    },
    30_000,
  );

  it('every other interaction is refused by a fresh double, never answered 2xx', async () => {
    const broker = await startBrokerDouble();
    try {
      const statuses = [];
      for (const { interaction } of refused) {
        const { method, path, query, body } = interaction.request;
        const reply = await call(broker, method.toUpperCase(), path + (query ? `?${query}` : ''), body);
        statuses.push(reply.status);
        if (reply.status !== 404) expect(reply.json.errors[NOT_MODELLED], `${method} ${path}`).toBeDefined();
      }
      expect(statuses.every((s) => s === 400 || s === 404)).toBe(true);
      expect(statuses.filter((s) => s === 400).length).toBeGreaterThan(30);
    } finally {
      await broker.close();
    }
  });
});
