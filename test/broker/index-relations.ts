// The index resource: every relation the real broker lists (pact_broker lib/pact_broker/api/resources/index.rb),
// so that a client finds what it looks for; a relation the double does not model leads to a path it refuses.
import type { JsonObject, Store } from './store.ts';

// One relation a line: its name, its path on the broker, its title. The last, pf:, is PactFlow's.
const RELATIONS = `
pb:publish-pact /pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion} Publish a pact
pb:publish-contracts /contracts/publish Publish contracts
pb:latest-pact-versions /pacts/latest Latest pact versions
pb:tagged-pact-versions /pacts/provider/{provider}/consumer/{consumer}/tag/{tag} All versions of a pact for a given consumer, provider and consumer version tag
pb:branch-pact-versions /pacts/provider/{provider}/consumer/{consumer}/branch/{branch} All versions of pacts for a provider, for a named consumers branch
pb:latest-branch-pact-versions /pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest/versions Latest version of pact for a provider, for a named consumers branch
pb:main-branch-pact-versions /pacts/provider/{provider}/consumer/{consumer}/branch/versions All versions of pacts for a provider, for a named consumers main branch
pb:latest-main-branch-pact-versions /pacts/provider/{provider}/consumer/{consumer}/branch/latest/versions Latest version of pact for a provider, for a named consumers main branch
pb:provider-pacts-with-main-branch /pacts/provider/{provider}/branch All pacts for a provider, for any consumers main branch
pb:provider-pacts-with-branch /pacts/provider/{provider}/branch/{branch} All pacts for a provider, for any consumers named branch
pb:latest-provider-pacts-with-main-branch /pacts/provider/{provider}/branch/latest Latest pact for a provider, for any consumers main branch
pb:latest-provider-pacts-with-branch /pacts/provider/{provider}/branch/{branch}/latest Latest pacts for a provider, for any consumers named branch
pb:pacticipants /pacticipants Pacticipants
pb:pacticipant /pacticipants/{pacticipant} Fetch pacticipant by name
pb:latest-provider-pacts /pacts/provider/{provider}/latest Latest pacts by provider
pb:latest-provider-pacts-with-tag /pacts/provider/{provider}/latest/{tag} Latest pacts for provider with the specified tag
pb:provider-pacts-with-tag /pacts/provider/{provider}/tag/{tag} All pact versions for the provider with the specified consumer version tag
pb:provider-pacts /pacts/provider/{provider} All pact versions for the specified provider
pb:latest-version /pacticipants/{pacticipant}/latest-version Latest pacticipant version
pb:latest-tagged-version /pacticipants/{pacticipant}/latest-version/{tag} Latest pacticipant version with the specified tag
pb:webhooks /webhooks Webhooks
pb:webhook /webhooks/{uuid} Webhook
pb:integrations /integrations Integrations
pb:pacticipant-version-tag /pacticipants/{pacticipant}/versions/{version}/tags/{tag} Get, create or delete a tag for a pacticipant version
pb:pacticipant-branch /pacticipants/{pacticipant}/branches/{branch} Get or delete a pacticipant branch
pb:pacticipant-branch-version /pacticipants/{pacticipant}/branches/{branch}/versions/{version} Get or add/create a pacticipant version for a branch
pb:pacticipant-version /pacticipants/{pacticipant}/versions/{version} Get, create or delete a pacticipant version
pb:metrics /metrics Get Pact Broker metrics
pb:can-i-deploy-pacticipant-version-to-tag /can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag} Determine if an application version can be safely deployed to an environment identified by the given tag
pb:can-i-deploy-pacticipant-version-to-environment /can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment} Determine if an application version can be safely deployed to an environment
pb:provider-pacts-for-verification /pacts/provider/{provider}/for-verification Pact versions to be verified for the specified provider
beta:provider-pacts-for-verification /pacts/provider/{provider}/for-verification DEPRECATED - please use pb:provider-pacts-for-verification
pb:environments /environments Environments
pb:environment /environments/{uuid} Environment
pf:publish-provider-contract /provider-contracts/provider/{provider}/publish Publish a provider contract
`;

export function index(s: Store): { status: number; body: JsonObject } {
  const links: JsonObject = { self: { href: s.base, title: 'Index', templated: false } };
  for (const line of RELATIONS.trim().split('\n')) {
    const [rel = '', path = '', ...title] = line.split(' ');
    links[rel] = { href: s.base + path, title: title.join(' '), templated: path.includes('{') };
  }
  return { status: 200, body: { _links: links } };
}
