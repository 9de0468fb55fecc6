// Pacts: publishing (/contracts/publish), serving a pact to the verifier, and verification results.
import {
  HttpError,
  badRequest,
  isObject,
  notFound,
  notModelled,
  now,
  optionalString,
  pactName,
  pactVersionSha,
  pactVersionUrl,
  pacticipantUrl,
  seg,
  versionUrl,
  withInteractionIds,
  type Json,
  type JsonObject,
  type PublishedPact,
  type ReceivedVerification,
  type RouteHandler,
  type RouteRequest,
  type Store,
} from './store.ts';
import { decodeMetadata, encodeMetadata } from './metadata.ts';

interface Notice {
  type: string;
  text: string;
}

/** Logs are the deprecated mirror of notices; pact-broker-cli requires them, with these three fields. */
const withLogs = (notices: Notice[]) => ({
  notices: notices.map((n) => ({ ...n })),
  logs: notices.map((n) => ({ level: n.type, message: n.text, deprecationWarning: 'Replaced by notices' })),
});

interface Contract {
  provider: string;
  content: JsonObject;
  sha: string;
}

export const publishContracts: RouteHandler = (s, { body }) => {
  if (!isObject(body)) throw badRequest('the body must be a JSON object');
  const consumer = optionalString(body, 'pacticipantName');
  const number = optionalString(body, 'pacticipantVersionNumber');
  const branch = optionalString(body, 'branch');
  if (Array.isArray(body.tags) && body.tags.length > 0) throw notModelled('consumer version tags (use a branch)');
  if (!consumer || !number) throw badRequest('pacticipantName and pacticipantVersionNumber are required');
  if (!Array.isArray(body.contracts) || body.contracts.length === 0) throw badRequest('contracts must not be empty');
  const contracts = body.contracts.map((c, i) => parseContract(c, i, consumer));

  // Like the real broker, check every contract before storing any, and store nothing on a conflict.
  const conflicts = contracts.flatMap(({ provider, content, sha }) => {
    const existing = s.pacts.find(
      (p) => p.consumer === consumer && p.provider === provider && p.consumerVersion === number,
    );
    if (!existing || existing.sha === sha) return [];
    return [
      {
        type: 'error',
        text:
          `Cannot change the content of the pact for ${consumer} version ${number} and provider ${provider}, ` +
          'as race conditions will cause unreliable results for can-i-deploy. Each pact must be published with a ' +
          'unique consumer version number. For more information see https://docs.pact.io/go/versioning',
      },
      { type: 'info', text: describeDiff(existing.content, content) },
    ];
  });
  // lib/pact_broker/api/resources/publish_contracts.rb#set_conflict_response: plain JSON, not HAL.
  if (conflicts.length > 0) {
    throw new HttpError(
      409,
      {
        notices: conflicts.map((n) => ({ ...n })),
        errors: { contracts: conflicts.filter((n) => n.type === 'error').map((n) => n.text) },
      },
      'application/json;charset=utf-8',
    );
  }

  const existed = s.findVersion(consumer, number) !== undefined;
  const version = s.version(consumer, number);
  if (branch) s.addBranch(version, branch);
  const notices: Notice[] = [
    {
      type: 'debug',
      text: `${existed ? 'Updated' : 'Created'} ${consumer} version ${number}${branch ? ` with branch ${branch}` : ''}`,
    },
  ];
  const published = contracts.map(({ provider, content, sha }) => {
    s.pacticipant(provider);
    let pact = s.pacts.find((p) => p.consumer === consumer && p.provider === provider && p.consumerVersion === number);
    const same = pact !== undefined;
    if (!pact) {
      pact = { consumer, provider, consumerVersion: number, branch, content, sha, publishedAt: now(), at: s.tick() };
      s.pacts.push(pact);
    }
    pact.branch ??= branch;
    notices.push(
      same
        ? {
            type: 'success',
            text: `Pact with the same content for ${consumer} version ${number} and provider ${provider} has already been published.`,
          }
        : {
            type: 'success',
            text: `Pact successfully published for ${consumer} version ${number} and provider ${provider}.`,
          },
      { type: 'debug', text: `  View the published pact at ${pactByVersionUrl(s, pact)}` },
    );
    return pact;
  });

  return {
    status: 200,
    body: {
      ...withLogs(notices),
      _embedded: {
        pacticipant: { name: consumer, _links: { self: { href: pacticipantUrl(s, consumer) } } },
        version: {
          number,
          branch: branch ?? null,
          _links: { self: { href: versionUrl(s, consumer, number), name: number, title: 'Version' } },
        },
      },
      _links: {
        'pb:pacticipant': { href: pacticipantUrl(s, consumer), name: consumer, title: 'Pacticipant' },
        'pb:pacticipant-version': { href: versionUrl(s, consumer, number), name: number, title: 'Pacticipant version' },
        'pb:pacticipant-version-tags': [],
        'pb:contracts': published.map((p) => ({
          href: pactByVersionUrl(s, p),
          name: pactName(p, [number]),
          title: 'Pact',
        })),
      },
    },
  };
};

function parseContract(c: Json, i: number, consumer: string): Contract {
  const where = `contracts[${i}]`;
  if (!isObject(c)) throw badRequest(`${where} must be an object`);
  const provider = optionalString(c, 'providerName');
  const encoded = optionalString(c, 'content') ?? '';
  if (c.consumerName !== consumer) throw badRequest(`${where}.consumerName must match pacticipantName`);
  if (!provider) throw badRequest(`${where}.providerName is required`);
  if (c.specification !== 'pact') throw badRequest(`${where}: only specification "pact" is supported`);
  // Strict base64, as the real broker's Base64.strict_decode64.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0)
    throw badRequest(`${where}.content is not base64`);
  let content: unknown;
  try {
    content = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    throw badRequest(`${where}.content is not JSON`);
  }
  if (!isObject(content)) throw badRequest(`${where}.content must be a JSON object`);
  return { provider, content, sha: pactVersionSha(content) };
}

/** A short list of the JSON paths that differ (the real broker sends a full diff). */
function describeDiff(before: Json, after: Json, path = '$', out: string[] = []): string {
  if (isObject(before) && isObject(after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)]))
      describeDiff(before[k] ?? null, after[k] ?? null, `${path}.${k}`, out);
  } else if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++)
      describeDiff(before[i] ?? null, after[i] ?? null, `${path}[${i}]`, out);
  } else if (JSON.stringify(before) !== JSON.stringify(after)) {
    out.push(`  ${path}: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  }
  return path === '$' ? `Changed:\n${out.slice(0, 20).join('\n')}` : '';
}

const pactByVersionUrl = (s: Store, p: PublishedPact) =>
  `${s.base}/pacts/provider/${seg(p.provider)}/consumer/${seg(p.consumer)}/version/${seg(p.consumerVersion)}`;

/** The pact a `/pacts/provider/:provider/consumer/:consumer/(version/:version|pact-version/:sha)` path names. */
function findPact(s: Store, r: RouteRequest): PublishedPact {
  const [provider, consumer, version, sha] = ['provider', 'consumer', 'version', 'sha'].map((k) => r.params.get(k));
  const pact = s.pacts.find(
    (p) =>
      p.provider === provider &&
      p.consumer === consumer &&
      (version !== undefined ? p.consumerVersion === version : p.sha === sha),
  );
  if (!pact) throw notFound(`The pact between ${consumer} and ${provider}`);
  return pact;
}

/** The published content with interaction `_id`s and the links the verifier follows. */
export const getPact: RouteHandler = (s, r) => {
  const pact = findPact(s, r);
  const { provider, consumer } = pact;
  // Fetched by consumer version, the pact's results name that version (metadata.rb, `cvn`).
  const metadata = r.params.has('version')
    ? encodeMetadata({ consumerVersionNumber: pact.consumerVersion })
    : r.param('metadata');
  const base = `${pactVersionUrl(s, provider, consumer, pact.sha)}/metadata/${metadata}`;
  const named = decodeMetadata(s, metadata)?.consumerVersions ?? [];
  const versions = named.length > 0 ? named : [pact.consumerVersion];
  return {
    status: 200,
    body: {
      ...withInteractionIds(pact.content),
      createdAt: pact.publishedAt,
      _links: {
        self: { href: r.href, name: pactName(pact, versions), title: 'Pact' },
        'pb:consumer': { href: pacticipantUrl(s, consumer), name: consumer, title: 'Consumer' },
        'pb:consumer-version': {
          href: versionUrl(s, consumer, pact.consumerVersion),
          name: pact.consumerVersion,
          title: 'Consumer version',
        },
        'pb:provider': { href: pacticipantUrl(s, provider), name: provider, title: 'Provider' },
        'pb:publish-verification-results': {
          href: `${base}/verification-results`,
          title: 'Publish verification results',
        },
      },
    },
  };
};

export const publishVerification: RouteHandler = (s, r) => {
  const pact = findPact(s, r);
  const { provider, consumer } = pact;
  const body = r.body;
  if (!isObject(body)) throw badRequest('the body must be a JSON object');
  const providerVersion = optionalString(body, 'providerApplicationVersion');
  if (typeof body.success !== 'boolean') throw badRequest('success must be true or false');
  if (!providerVersion) throw badRequest('providerApplicationVersion is required');
  s.version(provider, providerVersion);
  const metadata = decodeMetadata(s, r.param('metadata'));
  const named = metadata?.consumerVersions ?? [];
  const consumerVersions =
    named.length > 0
      ? named
      : s.pacts
          .filter((p) => p.consumer === consumer && p.provider === provider && p.sha === pact.sha)
          .map((p) => p.consumerVersion);
  const verification: ReceivedVerification = {
    id: s.verifications.length + 1,
    consumer,
    provider,
    pactVersionSha: pact.sha,
    consumerVersions,
    providerVersion,
    success: body.success,
    wip: metadata?.wip ?? false,
    body,
    receivedAt: now(),
    at: s.tick(),
  };
  s.verifications.push(verification);
  return { status: 201, body: verificationResult(s, verification.id) };
};

const verificationUrl = (s: Store, id: number) => {
  const v = s.verifications[id - 1]!;
  return `${pactVersionUrl(s, v.provider, v.consumer, v.pactVersionSha)}/verification-results/${id}`;
};

function verificationResult(s: Store, id: number): JsonObject {
  const v = s.verifications[id - 1];
  if (!v) throw notFound(`Verification result ${id}`);
  return {
    providerName: v.provider,
    providerApplicationVersion: v.providerVersion,
    success: v.success,
    verificationDate: v.receivedAt,
    testResults: v.body.testResults ?? null,
    _links: {
      self: {
        href: verificationUrl(s, id),
        name: `Verification result ${id} for ${pactName(v, v.consumerVersions)}`,
        title: 'Verification result',
      },
      'pb:pact-version': { href: pactVersionUrl(s, v.provider, v.consumer, v.pactVersionSha), title: 'Pact' },
    },
  };
}
