import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accepted, defaultAssumptions, errorCodes } from '../../src/spec/index.ts';
import { cmaCalls, remoteTarget, type Target } from '../../src/target/index.ts';
import { PROVIDER_STATES } from '../../src/verify/index.ts';
import { CONSUMER, PACT_FILE, PROVIDER } from '../pact.ts';

const { fromProviderState, regex, eachLike, like, nullValue, matchStatus, string } = MatchersV3;

// Fake examples only: ids come from the provider state, and no secret is ever in a pact.
const EXAMPLE = { tokenId: '312', roleId: '34', otherRoleId: '35', secret: '0123456789abcdef0123456789abcdef01' };
const LAST_ACCESS = /^(today|yesterday|this_week|last_week|this_month|last_month|never)$/;

// Written afresh, then compared byte for byte with the committed pact: the broker answers 409 when
// the content of a published version changes, so the same tests must write the same bytes.
const written = mkdtempSync(join(tmpdir(), 'pacts-'));
const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: written, logLevel: 'warn' });

const requestHeaders = { Accept: 'application/json', 'X-Api-Version': '3' };
const withBody = { ...requestHeaders, 'Content-Type': 'application/json' };
const jsonResponse = {
  'Content-Type': regex(/^application\/json(; ?charset=utf-8)?$/, 'application/json; charset=utf-8'),
};

/** Our own client (src/target) pointed at the Pact mock server; the test owns the example ids. */
async function client(url: string): Promise<Target> {
  return remoteTarget(
    { cmaUrl: url, cdaUrl: url, token: 'pact-consumer-credential-placeholder', environment: undefined },
    { owned: [{ kind: 'access_token', id: EXAMPLE.tokenId, name: 'the provider state token' }] },
  );
}

const attributes = {
  name: 'Preview website',
  can_access_cda: true,
  can_access_cda_preview: true,
  can_access_cma: false,
};

/** The access_token document the provider answers with, its ids from the provider state. */
const tokenDocument = (sent: typeof attributes, roleExpression: string) => ({
  data: {
    type: 'access_token',
    id: fromProviderState('${tokenId}', EXAMPLE.tokenId),
    attributes: {
      ...sent,
      token: regex(/^[0-9a-f]{30,50}$/, EXAMPLE.secret),
      hardcoded_type: nullValue(),
      last_cma_access: regex(LAST_ACCESS, 'never'),
      last_cda_access: regex(LAST_ACCESS, 'never'),
    },
    relationships: { role: { data: { type: 'role', id: fromProviderState(roleExpression, EXAMPLE.roleId) } } },
  },
});

const errorDocument = (code: unknown) => ({
  data: eachLike({
    id: regex(/^[0-9a-f]{6}$/, '9f1b2c'),
    type: 'api_error',
    attributes: {
      code,
      details: like({}),
      doc_url: regex(/^https:\/\/.+$/, 'https://www.datocms.com/docs/content-management-api/errors'),
    },
  }),
});

const updateBody = (id: unknown, sent: Record<string, unknown>, roleId?: unknown) => ({
  data: {
    type: 'access_token',
    id,
    attributes: sent,
    ...(roleId === undefined ? {} : { relationships: { role: { data: { type: 'role', id: roleId } } } }),
  },
});

describe(`${CONSUMER} → ${PROVIDER}: Update an API token`, () => {
  it('with relationships.role: 200, the token now has that role, its secret present', async () => {
    await pact
      .addInteraction()
      .given(PROVIDER_STATES.editableTokenAndOtherRole.name)
      .uponReceiving('an update of an API token that reassigns its role')
      .withRequest('PUT', fromProviderState('/access_tokens/${tokenId}', `/access_tokens/${EXAMPLE.tokenId}`), (b) =>
        b
          .headers(withBody)
          .jsonBody(
            updateBody(
              fromProviderState('${tokenId}', EXAMPLE.tokenId),
              attributes,
              fromProviderState('${otherRoleId}', EXAMPLE.otherRoleId),
            ),
          ),
      )
      .willRespondWith(200, (b) => b.headers(jsonResponse).jsonBody(tokenDocument(attributes, '${otherRoleId}')))
      .executeTest(async (server) => {
        const target = await client(server.url);
        const exchange = await target.cma(cmaCalls.updateToken(EXAMPLE.tokenId, attributes, EXAMPLE.otherRoleId));
        expect(exchange.response.status).toBe(200);
        await target.close();
      });
  });

  it('without relationships: 200, the token keeps its role', async () => {
    const kept = { ...attributes, name: 'Build script', can_access_cda: false, can_access_cma: true };
    await pact
      .addInteraction()
      .given(PROVIDER_STATES.editableToken.name)
      .uponReceiving('an update of an API token without relationships')
      .withRequest('PUT', fromProviderState('/access_tokens/${tokenId}', `/access_tokens/${EXAMPLE.tokenId}`), (b) =>
        b.headers(withBody).jsonBody(updateBody(fromProviderState('${tokenId}', EXAMPLE.tokenId), kept)),
      )
      .willRespondWith(200, (b) => b.headers(jsonResponse).jsonBody(tokenDocument(kept, '${roleId}')))
      .executeTest(async (server) => {
        const target = await client(server.url);
        const exchange = await target.cma(cmaCalls.updateToken(EXAMPLE.tokenId, kept));
        expect(exchange.response.body).toMatchObject({
          data: { relationships: { role: { data: { id: EXAMPLE.roleId } } } },
        });
        await target.close();
      });
  });

  it('of a factory token (its own values): NON_EDITABLE_ACCESS_TOKEN', async () => {
    const current = {
      name: fromProviderState('${name}', 'Read-only API token'),
      can_access_cda: fromProviderState('${can_access_cda}', true),
      can_access_cda_preview: fromProviderState('${can_access_cda_preview}', false),
      can_access_cma: fromProviderState('${can_access_cma}', false),
    };
    const sameValues = {
      name: 'Read-only API token',
      can_access_cda: true,
      can_access_cda_preview: false,
      can_access_cma: false,
    };
    const [example, ...alternatives] = accepted(defaultAssumptions.nonEditableStatus);
    await pact
      .addInteraction()
      .given(PROVIDER_STATES.factoryToken.name)
      .uponReceiving('an update of a factory token, with its own current values')
      .withRequest('PUT', fromProviderState('/access_tokens/${tokenId}', `/access_tokens/${EXAMPLE.tokenId}`), (b) =>
        b.headers(withBody).jsonBody(updateBody(fromProviderState('${tokenId}', EXAMPLE.tokenId), current)),
      )
      // The status is UNCONFIRMED (src/spec/assumptions.ts): 401, 403 and 422 are all correct.
      .willRespondWith(matchStatus(example as number, [example as number, ...alternatives]), (b) =>
        b.headers(jsonResponse).jsonBody(errorDocument('NON_EDITABLE_ACCESS_TOKEN')),
      )
      .executeTest(async (server) => {
        const target = await client(server.url);
        const exchange = await target.cma({
          ...cmaCalls.updateToken(EXAMPLE.tokenId, sameValues),
          unownedWriteReason: 'hardcoded-token probe',
        });
        expect(errorCodes(exchange.response.body)).toEqual(['NON_EDITABLE_ACCESS_TOKEN']);
        await target.close();
      });
  });

  it('of an unknown id: 404 NOT_FOUND', async () => {
    await pact
      .addInteraction()
      .given(PROVIDER_STATES.noSuchToken.name)
      .uponReceiving('an update of an API token that does not exist')
      .withRequest('PUT', fromProviderState('/access_tokens/${tokenId}', `/access_tokens/${EXAMPLE.tokenId}`), (b) =>
        b.headers(withBody).jsonBody(updateBody(fromProviderState('${tokenId}', EXAMPLE.tokenId), attributes)),
      )
      .willRespondWith(404, (b) => b.headers(jsonResponse).jsonBody(errorDocument('NOT_FOUND')))
      .executeTest(async (server) => {
        const target = await client(server.url);
        const exchange = await target.cma(cmaCalls.updateToken(EXAMPLE.tokenId, attributes));
        expect(errorCodes(exchange.response.body)).toEqual(['NOT_FOUND']);
        await target.close();
      });
  });

  it('with an unknown attribute: 422 INVALID_FORMAT', async () => {
    const invalid = { ...attributes, colour: 'red' };
    await pact
      .addInteraction()
      .given(PROVIDER_STATES.editableToken.name)
      .uponReceiving('an update of an API token with an unknown attribute')
      .withRequest('PUT', fromProviderState('/access_tokens/${tokenId}', `/access_tokens/${EXAMPLE.tokenId}`), (b) =>
        b.headers(withBody).jsonBody(updateBody(fromProviderState('${tokenId}', EXAMPLE.tokenId), invalid)),
      )
      .willRespondWith(422, (b) =>
        b.headers(jsonResponse).jsonBody({
          data: eachLike({
            id: regex(/^[0-9a-f]{6}$/, '5e8a0c'),
            type: 'api_error',
            attributes: {
              code: 'INVALID_FORMAT',
              details: { messages: eachLike(string('#/data/attributes: "colour" is not a permitted key.')) },
              doc_url: regex(/^https:\/\/.+$/, 'https://www.datocms.com/docs/content-management-api/errors'),
            },
          }),
        }),
      )
      .executeTest(async (server) => {
        const target = await client(server.url);
        const exchange = await target.cma({
          ...cmaCalls.updateToken(EXAMPLE.tokenId, attributes),
          body: updateBody(EXAMPLE.tokenId, invalid),
        });
        expect(errorCodes(exchange.response.body)).toEqual(['INVALID_FORMAT']);
        await target.close();
      });
  });

  it('that clears can_access_cma: the very next CMA call with that token is refused', async () => {
    const cleared = { name: 'No more CMA', can_access_cda: true, can_access_cda_preview: false, can_access_cma: false };
    const codes = [...new Set(accepted(defaultAssumptions.cmaWithoutFlag).map((c) => c.code))];
    pact
      .addInteraction()
      .given(PROVIDER_STATES.editableToken.name)
      .uponReceiving('an update of an API token that clears can_access_cma')
      .withRequest('PUT', fromProviderState('/access_tokens/${tokenId}', `/access_tokens/${EXAMPLE.tokenId}`), (b) =>
        b.headers(withBody).jsonBody(updateBody(fromProviderState('${tokenId}', EXAMPLE.tokenId), cleared)),
      )
      .willRespondWith(200, (b) => b.headers(jsonResponse).jsonBody(tokenDocument(cleared, '${roleId}')));
    await pact
      .addInteraction()
      .given(PROVIDER_STATES.tokenWithoutCmaAccess.name)
      .uponReceiving('a CMA call with a token whose can_access_cma was cleared')
      // A reference to the credential, never the credential: the provider's request filter resolves it.
      .withRequest('GET', '/site', (b) =>
        b.headers({
          ...requestHeaders,
          Authorization: fromProviderState('Bearer ${credential}', `Bearer ${EXAMPLE.secret}`),
        }),
      )
      .willRespondWith(401, (b) =>
        b
          .headers(jsonResponse)
          .jsonBody(errorDocument(regex(new RegExp(`^(${codes.join('|')})$`), codes[0] as string))),
      )
      .executeTest(async (server) => {
        const target = await client(server.url);
        const update = await target.cma(cmaCalls.updateToken(EXAMPLE.tokenId, cleared));
        expect(update.response.status).toBe(200);
        // Our client sends the secret it learned from the update's response, as it does in a campaign.
        const refused = await target.cma(cmaCalls.site({ kind: 'token', tokenId: EXAMPLE.tokenId }));
        expect(refused.response.status).toBe(401);
        await target.close();
      });
  });

  // Last, once every interaction above is written (the tests of a file run in order).
  it('writes the committed pact, byte for byte (`vitest -u` takes a deliberate change)', async () => {
    await expect(readFileSync(join(written, `${CONSUMER}-${PROVIDER}.json`), 'utf8')).toMatchFileSnapshot(PACT_FILE);
  });
});
