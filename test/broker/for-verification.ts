// pb:provider-pacts-for-verification: consumer version selectors, one entry per pact content, pending and WIP.
// Follows pact_broker lib/pact_broker/pacts/pacts_for_verification_repository.rb, squash_pacts_for_verification.rb,
// build_verifiable_pact_notices.rb and verifiable_pact_messages.rb (the notice texts).
import { encodeMetadata } from './metadata.ts';
import { isPending, wipPacts } from './pending.ts';
import {
  badRequest,
  isObject,
  notFound,
  notModelled,
  optionalString,
  pactName,
  pactVersionUrl,
  seg,
  type Json,
  type JsonObject,
  type PublishedPact,
  type Reply,
  type RouteHandler,
  type Store,
} from './store.ts';

type Selector =
  | { kind: 'mainBranch'; consumer?: string }
  | { kind: 'latest'; consumer?: string }
  | { kind: 'deployed' | 'released'; environment?: string; consumer?: string };

const FLAGS = ['mainBranch', 'latest', 'deployed', 'released', 'deployedOrReleased'] as const;

/**
 * The selectors our verification uses, and the defaults, validated as
 * lib/pact_broker/api/contracts/consumer_version_selector_contract.rb does; deployedOrReleased splits in two
 * (pacts_for_verification_query_decorator.rb). The others (branch, tag, fallbacks, environment alone…) are refused.
 */
function parseSelector(s: Store, raw: Json, i: number): Selector[] {
  if (!isObject(raw)) throw badRequest(`consumerVersionSelectors[${i}] must be an object`);
  const flags = new Set<string>();
  for (const [key, value] of Object.entries(raw)) {
    const known = (FLAGS as readonly string[]).includes(key)
      ? value === true
      : ['environment', 'consumer'].includes(key) && typeof value === 'string';
    if (!known) throw notModelled(`the consumer version selector ${key}: ${JSON.stringify(value)}`);
    if (value === true) flags.add(key);
  }
  const consumer = optionalString(raw, 'consumer');
  const environment = optionalString(raw, 'environment');
  const only = (...allowed: string[]) => [...flags].every((f) => allowed.includes(f));
  if (environment !== undefined && !s.environmentNamed(environment))
    throw badRequest(`environment with name '${environment}' does not exist`);
  for (const [a, b] of [
    ['deployed', 'released'],
    ['deployed', 'deployedOrReleased'],
    ['released', 'deployedOrReleased'],
  ] as const) {
    if (flags.has(a) && flags.has(b)) throw badRequest(`cannot specify both ${a}=true and ${b}=true`);
  }
  if (flags.has('mainBranch') && only('mainBranch', 'latest') && environment === undefined)
    return [{ kind: 'mainBranch', consumer }];
  if (flags.has('latest') && only('latest') && environment === undefined) return [{ kind: 'latest', consumer }];
  if (flags.size === 1 && only('deployed', 'released', 'deployedOrReleased')) {
    const kinds = flags.has('deployedOrReleased') ? (['deployed', 'released'] as const) : [...flags];
    return kinds.map((kind) => ({ kind: kind as 'deployed' | 'released', environment, consumer }));
  }
  throw notModelled(`the consumer version selector ${JSON.stringify(raw)}`);
}

/** pacts_for_verification_repository.rb#default_selectors: main branch (else latest), deployed, released. */
function defaultSelectors(s: Store): Selector[] {
  return [
    ...[...s.pacticipants.values()].map((c): Selector => {
      const onMain = s.versions.some(
        (v) => v.pacticipant === c.name && c.mainBranch && v.branches.includes(c.mainBranch),
      );
      return { kind: onMain ? 'mainBranch' : 'latest', consumer: c.name };
    }),
    { kind: 'deployed' },
    { kind: 'released' },
  ];
}

interface Selection {
  pact: PublishedPact;
  /**
   * The inclusion criterion (verifiable_pact_messages.rb#selector_description) and its short form. Deployed and
   * released ones are written once per consumer, listing `where` after `reason`.
   */
  reason: string;
  where?: string;
  short: string;
  versionId: number;
  environment?: string;
}

function select(s: Store, provider: string, sel: Selector): Selection[] {
  const pacts = s.pacts.filter(
    (p) => p.provider === provider && (sel.consumer === undefined || p.consumer === sel.consumer),
  );
  const versionOf = (p: PublishedPact) => s.findVersion(p.consumer, p.consumerVersion)!;
  const consumerVersions = sel.consumer === undefined ? 'consumer version(s)' : `version(s) of ${sel.consumer}`;
  const versionLabel = sel.consumer === undefined ? 'version' : `version of ${sel.consumer}`;

  if (sel.kind === 'deployed' || sel.kind === 'released') {
    const kind = sel.kind === 'deployed' ? 'deployment' : 'release';
    return s.deployments
      .filter((d) => d.kind === kind && d.current)
      .filter((d) => sel.environment === undefined || d.environment === sel.environment)
      .flatMap((d) => {
        const pact = pacts.find((p) => p.consumer === d.pacticipant && p.consumerVersion === d.version);
        if (!pact) return [];
        return [
          {
            pact,
            reason: `${consumerVersions} ${sel.kind === 'deployed' ? 'currently deployed to' : 'released and supported in'}`,
            where: `${d.environment} (${d.version})`,
            short: `${sel.kind === 'deployed' ? 'deployed to' : 'released in'} ${d.environment}`,
            versionId: versionOf(pact).id,
            environment: d.environment,
          },
        ];
      });
  }

  const latest = new Map<string, PublishedPact>();
  for (const p of pacts) {
    const main = s.pacticipants.get(p.consumer)?.mainBranch;
    if (sel.kind === 'mainBranch' && (main === undefined || !versionOf(p).branches.includes(main))) continue;
    const current = latest.get(p.consumer);
    if (!current || versionOf(p).at > versionOf(current).at) latest.set(p.consumer, p);
  }
  return [...latest.values()].map((pact) => {
    const main = s.pacticipants.get(pact.consumer)?.mainBranch;
    const [reason, short] =
      sel.kind === 'mainBranch'
        ? [`latest ${versionLabel} from the main branch '${main}'`, 'latest from main branch']
        : [`latest version of ${sel.consumer ?? 'a consumer'} that has a pact with ${provider}`, 'latest'];
    return { pact, reason: `${reason} (${pact.consumerVersion})`, short, versionId: versionOf(pact).id };
  });
}

const READ_MORE_PENDING = 'Read more at https://docs.pact.io/go/pending';
const READ_MORE_WIP = 'Read more at https://docs.pact.io/go/wip';

interface Verifiable {
  pact: PublishedPact;
  selections: Selection[];
  pending: boolean | undefined;
  wipBranch: string | undefined;
}

/** verifiable_pact_messages.rb, for the cases the double models (a provider branch, or none). */
function notices(v: Verifiable, href: string, providerBranch: string | undefined): JsonObject[] {
  const { provider, consumer } = v.pact;
  const aVersion = providerBranch === undefined ? provider : `a version of ${provider} from branch '${providerBranch}'`;
  const inclusion =
    v.wipBranch !== undefined
      ? `The pact at ${href} is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest version of ${consumer} from branch '${v.wipBranch}' and it has not yet been successfully verified by ${aVersion} when the pact's application version was explicitly specified in the consumer version selectors). ${READ_MORE_WIP}`
      : `The pact at ${href} is being verified because the pact content belongs to ${v.selections.length > 1 ? 'the consumer versions' : 'the consumer version'} matching the following ${v.selections.length > 1 ? 'criteria' : 'criterion'}:\n${joinCriteria(v.selections)}`;
  const out: JsonObject[] = [{ when: 'before_verification', text: inclusion }];
  if (v.pending === undefined) return out;
  const pendingReason = !v.pending
    ? `This pact has previously been successfully verified by ${aVersion}. If this verification fails, it will fail the build. ${READ_MORE_PENDING}`
    : v.wipBranch !== undefined
      ? `This pact is in pending state for this version of ${provider} because it was included as a 'work in progress' pact. If this verification fails, it will not cause the overall build to fail. ${READ_MORE_PENDING}`
      : `This pact is in pending state for this version of ${provider} because a successful verification result for ${aVersion} has not yet been published. If this verification fails, it will not cause the overall build to fail. ${READ_MORE_PENDING}`;
  out.push({ when: 'before_verification', text: pendingReason });
  if (v.pending) {
    const anyVersion =
      providerBranch === undefined ? provider : `any version of ${provider} from branch '${providerBranch}'`;
    const still = `This pact is still in pending state for ${anyVersion} as a successful verification result has not yet been published`;
    out.push(
      {
        when: 'after_verification:success_true_published_false',
        text: `This pact is still in pending state for ${anyVersion} as the successful verification results have not yet been published.`,
      },
      { when: 'after_verification:success_false_published_false', text: still },
      {
        when: 'after_verification:success_true_published_true',
        text: `This pact is no longer in pending state for ${anyVersion}, as a successful verification result has been published. If a verification for a version of ${provider} fails in the future, it will fail the build. ${READ_MORE_PENDING}`,
      },
      { when: 'after_verification:success_false_published_true', text: still },
    );
  }
  return out;
}

/** verifiable_pact_messages.rb#selector_descriptions: one line per criterion, deployed and released grouped. */
function joinCriteria(selections: Selection[]): string {
  const lines = new Map<string, string[]>();
  for (const x of selections) {
    if (x.where === undefined) lines.set(x.reason, []);
    else lines.set(x.reason, [...(lines.get(x.reason) ?? []), x.where]);
  }
  return [...lines]
    .map(([reason, where]) => `    * ${where.length === 0 ? reason : `${reason} ${joinUnquoted(where)}`}`)
    .join('\n');
}

/** verifiable_pact_messages.rb#join_unquoted: "a, b and c". */
const joinUnquoted = (list: string[]) =>
  list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;

function parseWipSince(body: JsonObject): Date | undefined {
  const raw = body.includeWipPactsSince;
  if (raw === undefined || raw === null) return undefined;
  const since = typeof raw === 'string' ? new Date(raw) : undefined;
  if (!since || Number.isNaN(since.getTime()))
    throw badRequest('includeWipPactsSince must be a date in ISO 8601 format');
  return since;
}

function verifiablePacts(
  s: Store,
  provider: string,
  body: JsonObject,
): { list: Verifiable[]; branch: string | undefined } {
  if (Array.isArray(body.providerVersionTags) && body.providerVersionTags.length > 0)
    throw notModelled('providerVersionTags (pending and WIP by provider tag)');
  const raw = body.consumerVersionSelectors;
  const selectors =
    Array.isArray(raw) && raw.length > 0 ? raw.flatMap((x, i) => parseSelector(s, x, i)) : defaultSelectors(s);
  const branch = optionalString(body, 'providerVersionBranch');
  // pacts_for_verification_query_decorator.rb: includePendingStatus defaults to true.
  const includePending = body.includePendingStatus !== false;

  const chosen = new Map<string, Selection[]>();
  for (const sel of selectors) {
    for (const selection of select(s, provider, sel)) {
      const key = `${selection.pact.consumer}\u0000${selection.pact.sha}`;
      chosen.set(key, [...(chosen.get(key) ?? []), selection]);
    }
  }
  const list: Verifiable[] = [...chosen.values()].map((selections) => ({
    pact: selections[0]!.pact,
    selections,
    pending: includePending ? isPending(s, selections[0]!.pact, branch) : undefined,
    wipBranch: undefined,
  }));
  const since = parseWipSince(body);
  // Without a provider branch (or tags) the real broker cannot tell what is in progress: it returns none.
  if (since !== undefined && branch !== undefined) {
    for (const { pact, consumerBranch } of wipPacts(
      s,
      provider,
      branch,
      since,
      list.map((v) => v.pact),
    )) {
      const selection = {
        pact,
        reason: `latest version from branch '${consumerBranch}' (${pact.consumerVersion})`,
        short: `latest from branch ${consumerBranch}`,
        versionId: s.findVersion(pact.consumer, pact.consumerVersion)!.id,
      };
      list.push({
        pact,
        selections: [selection],
        pending: includePending ? true : undefined,
        wipBranch: consumerBranch,
      });
    }
  }
  return { list, branch };
}

export const pactsForVerification: RouteHandler = (s, r): Reply => {
  const provider = r.param('provider');
  if (!s.pacticipants.has(provider)) throw notFound(`Pacticipant ${provider}`);
  const body = r.method === 'GET' ? {} : (r.body ?? {});
  if (!isObject(body)) throw badRequest('the body must be a JSON object');
  const { list, branch } = verifiablePacts(s, provider, body);
  const pacts = list.map((v) => {
    const versions = [...new Set(v.selections.map((x) => x.pact.consumerVersion))];
    const metadata = encodeMetadata(
      v.wipBranch !== undefined
        ? { wip: true }
        : {
            consumerVersionIds: v.selections.map((x) => x.versionId),
            environments: v.selections.map((x) => x.environment),
            pending: v.pending,
          },
    );
    const pactVersion = pactVersionUrl(s, provider, v.pact.consumer, v.pact.sha);
    const href = `${pactVersion}/metadata/${metadata}`;
    // verifiable_pact_decorator.rb: the notices name the pact version, with metadata only for a WIP pact.
    const noticed = v.wipBranch !== undefined ? href : pactVersion;
    const verificationProperties: JsonObject = { notices: notices(v, noticed, branch) };
    if (v.pending !== undefined) verificationProperties.pending = v.pending;
    if (v.wipBranch !== undefined) verificationProperties.wip = true;
    return {
      shortDescription: v.selections.map((x) => x.short).join(', '),
      verificationProperties,
      _links: { self: { href, name: pactName(v.pact, versions) } },
    };
  });
  const self = { href: `${s.base}/pacts/provider/${seg(provider)}/for-verification`, title: 'Pacts to be verified' };
  return { status: 200, body: { _embedded: { pacts }, _links: { self } } };
};
