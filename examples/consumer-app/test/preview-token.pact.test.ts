import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { updatePreviewToken, type PreviewAccess } from '../src/preview-token.ts';

const { fromProviderState, like, nullValue, regex } = MatchersV3;

// The provider states of token-contract's catalogue provider-states@1 (its docs/provider-states.md).
const EDITABLE_TOKEN = 'an editable API token exists';
const RESTRICTED_ROLE = 'a role without can_manage_access_tokens exists';

const pact = new PactV4({
  consumer: 'consumer-app',
  provider: 'datocms-cma',
  dir: process.env.PACT_DIR ?? 'pacts',
  logLevel: 'warn',
});

// Example values: the verifier replaces them with what the provider states created.
const EXAMPLE = { tokenId: '312', roleId: '34', restrictedRoleId: '35' };
const PREVIEW: PreviewAccess = {
  name: 'Preview website',
  can_access_cda: true,
  can_access_cda_preview: true,
  can_access_cma: false,
};
const tokenPath = fromProviderState('/access_tokens/${tokenId}', `/access_tokens/${EXAMPLE.tokenId}`);
const tokenId = fromProviderState('${tokenId}', EXAMPLE.tokenId);

/** The token as DatoCMS answers an update: what the app reads is pinned, the rest only by type. */
const updatedToken = (roleId: unknown) => ({
  data: {
    type: 'access_token',
    id: tokenId,
    attributes: {
      ...PREVIEW,
      token: like('0123456789abcdef0123456789abcdef01'),
      hardcoded_type: nullValue(),
      last_cma_access: like('never'),
      last_cda_access: like('never'),
    },
    relationships: { role: { data: { type: 'role', id: roleId } } },
  },
});

// What the provider needs to answer (DatoCMS refuses a request without them), as the client sends them.
const REQUEST_HEADERS = { Accept: 'application/json', 'X-Api-Version': '3', 'Content-Type': 'application/json' };

// A pact's regex matches the whole value.
const RESPONSE_HEADERS = {
  'Content-Type': regex(/^application\/json(; ?charset=utf-8)?$/, 'application/json; charset=utf-8'),
};

const project = (url: string) => ({ apiToken: 'consumer-test-token', baseUrl: url });

describe('consumer-app → datocms-cma: updating the preview token', () => {
  it('sets its access and keeps its role', async () => {
    await pact
      .addInteraction()
      .given(EDITABLE_TOKEN)
      .uponReceiving('an update of the preview token')
      .withRequest('PUT', tokenPath, (b) =>
        b.headers(REQUEST_HEADERS).jsonBody({ data: { id: tokenId, type: 'access_token', attributes: PREVIEW } }),
      )
      .willRespondWith(200, (b) =>
        b.headers(RESPONSE_HEADERS).jsonBody(updatedToken(fromProviderState('${roleId}', EXAMPLE.roleId))),
      )
      .executeTest(async (server) => {
        const token = await updatePreviewToken(project(server.url), EXAMPLE.tokenId, PREVIEW);
        expect(token).toEqual({ id: EXAMPLE.tokenId, name: PREVIEW.name, roleId: EXAMPLE.roleId });
      });
  });

  it('moves it to a role that cannot manage API tokens', async () => {
    const roleId = fromProviderState('${restrictedRoleId}', EXAMPLE.restrictedRoleId);
    await pact
      .addInteraction()
      .given(EDITABLE_TOKEN)
      .given(RESTRICTED_ROLE)
      .uponReceiving('an update of the preview token that moves it to a restricted role')
      .withRequest('PUT', tokenPath, (b) =>
        b.headers(REQUEST_HEADERS).jsonBody({
          data: {
            id: tokenId,
            type: 'access_token',
            attributes: PREVIEW,
            relationships: { role: { data: { id: roleId, type: 'role' } } },
          },
        }),
      )
      .willRespondWith(200, (b) => b.headers(RESPONSE_HEADERS).jsonBody(updatedToken(roleId)))
      .executeTest(async (server) => {
        const token = await updatePreviewToken(project(server.url), EXAMPLE.tokenId, PREVIEW, EXAMPLE.restrictedRoleId);
        expect(token.roleId).toBe(EXAMPLE.restrictedRoleId);
      });
  });
});
