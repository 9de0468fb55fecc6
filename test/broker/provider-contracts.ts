// PactFlow's bi-directional publication: a provider contract (an OAS document) with the provider's own
// verification evidence, in one POST to the index's pf:publish-provider-contract relation. Body and
// answer as the pactflow CLI's own consumer test pins them (pact-broker-cli, provider_contracts/publish).
import { parse } from 'yaml';
import {
  badRequest,
  isObject,
  notModelled,
  now,
  optionalString,
  pacticipantUrl,
  seg,
  versionUrl,
  type JsonObject,
  type ProviderContract,
  type RouteHandler,
} from './store.ts';

const CONTENT_TYPES = ['application/yaml', 'application/x-yaml', 'application/json'];
// PactFlow's documented support: Swagger 2.0, OAS 3.0.x up to 3.0.3, OAS 3.1.x up to 3.1.0.
const SUPPORTED = /^(2\.0|3\.0\.[0-3]|3\.1\.0)$/;

const decode = (encoded: string, where: string): string => {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw badRequest(`${where} must be base64`);
  return Buffer.from(encoded, 'base64').toString('utf8');
};

function checkOas(text: string): void {
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 0 }) as unknown;
  } catch {
    throw badRequest('contract.content is not a valid YAML or JSON document (anchors are refused)');
  }
  const version = isObject(document) ? (document.openapi ?? document.swagger) : undefined;
  if (typeof version !== 'string' || !SUPPORTED.test(version))
    throw badRequest(`contract.content: unsupported OpenAPI version ${JSON.stringify(version)}`);
}

function parseVerification(value: unknown): ProviderContract['verification'] {
  if (value === undefined) return undefined;
  if (!isObject(value) || typeof value.success !== 'boolean')
    throw badRequest('contract.selfVerificationResults.success must be a boolean');
  const encoded = optionalString(value, 'content');
  return {
    success: value.success,
    content: encoded === undefined ? undefined : decode(encoded, 'contract.selfVerificationResults.content'),
    contentType: optionalString(value, 'contentType'),
    format: optionalString(value, 'format'),
    verifier: optionalString(value, 'verifier'),
    verifierVersion: optionalString(value, 'verifierVersion'),
  };
}

export const publishProviderContract: RouteHandler = (s, { body, param }) => {
  const provider = param('provider');
  if (!isObject(body)) throw badRequest('the body must be a JSON object');
  const number = optionalString(body, 'pacticipantVersionNumber');
  if (!number) throw badRequest('pacticipantVersionNumber is required');
  const contract = body.contract;
  if (!isObject(contract)) throw badRequest('contract is required');
  if (contract.specification !== 'oas') throw badRequest('contract.specification must be "oas"');
  const contentType = optionalString(contract, 'contentType') ?? '';
  if (!CONTENT_TYPES.includes(contentType))
    throw badRequest(`contract.contentType must be one of ${CONTENT_TYPES.join(', ')}`);
  const content = decode(optionalString(contract, 'content') ?? '', 'contract.content');
  checkOas(content);
  const verification = parseVerification(contract.selfVerificationResults);
  const branch = optionalString(body, 'branch');
  if (Array.isArray(body.tags) && body.tags.length > 0) throw notModelled('provider version tags (use a branch)');

  const version = s.version(provider, number);
  if (branch) s.addBranch(version, branch);
  s.providerContracts.push({
    provider,
    providerVersion: number,
    branch,
    buildUrl: optionalString(body, 'buildUrl'),
    content,
    contentType,
    specification: 'oas',
    verification,
    publishedAt: now(),
  });
  const versionHref = versionUrl(s, provider, number);
  const answer: JsonObject = {
    notices: [{ type: 'success', text: `Successfully published provider contract for ${provider} version ${number}` }],
    _embedded: {
      pacticipant: { name: provider, _links: { self: { href: pacticipantUrl(s, provider) } } },
      version: { number, _links: { self: { href: versionHref } } },
    },
    _links: {
      'pf:provider-contract': { href: `${s.base}/contracts/provider/${seg(provider)}/version/${seg(number)}` },
      'pb:pacticipant': { href: pacticipantUrl(s, provider), name: provider },
      'pb:pacticipant-version': { href: versionHref, name: number },
      'pb:pacticipant-version-tags': [],
      ...(branch
        ? {
            'pb:branch-version': {
              href: `${pacticipantUrl(s, provider)}/branches/${seg(branch)}/versions/${seg(number)}`,
            },
          }
        : {}),
    },
  };
  return { status: 200, body: answer };
};
