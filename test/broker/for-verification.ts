// POST /pacts/provider/{provider}/for-verification: consumer version selectors, dedup by content, pending.
import {
  badRequest,
  encodeMetadata,
  isObject,
  notFound,
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

interface Selector {
  mainBranch?: true;
  branch?: string;
  matchingBranch?: true;
  tag?: string;
  latest?: boolean;
  deployed?: true;
  released?: true;
  deployedOrReleased?: true;
  environment?: string;
  consumer?: string;
}

const FLAGS = ['mainBranch', 'matchingBranch', 'deployed', 'released', 'deployedOrReleased'] as const;
const STRINGS = ['branch', 'tag', 'environment', 'consumer'] as const;

function parseSelector(raw: Json, i: number): Selector {
  if (!isObject(raw)) throw badRequest(`consumerVersionSelectors[${i}] must be an object`);
  const selector: Selector = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((FLAGS as readonly string[]).includes(key)) {
      if (value !== true) throw badRequest(`consumerVersionSelectors[${i}].${key} can only be true`);
      selector[key as (typeof FLAGS)[number]] = true;
    } else if ((STRINGS as readonly string[]).includes(key) && typeof value === 'string') {
      selector[key as (typeof STRINGS)[number]] = value;
    } else if (key === 'latest' && typeof value === 'boolean') {
      selector.latest = value;
    } else {
      // Refuse rather than silently select the wrong pacts (e.g. fallbackBranch is not modelled).
      throw badRequest(`consumerVersionSelectors[${i}].${key} is not supported by the broker double`);
    }
  }
  if (Object.keys(selector).every((k) => k === 'consumer'))
    throw badRequest(`consumerVersionSelectors[${i}] selects nothing`);
  return selector;
}

interface Selection {
  pact: PublishedPact;
  reason: string;
  short: string;
}

function select(s: Store, provider: string, sel: Selector, providerBranch: string | undefined): Selection[] {
  const ofVersion = (p: PublishedPact) => s.findVersion(p.consumer, p.consumerVersion)!;
  let pacts = s.pacts.filter(
    (p) => p.provider === provider && (sel.consumer === undefined || p.consumer === sel.consumer),
  );
  const who = sel.consumer ?? 'a consumer';

  if (sel.deployed || sel.released || sel.deployedOrReleased || sel.environment !== undefined) {
    // record-release is not modelled, so "released" matches nothing and deployedOrReleased means deployed.
    if (sel.released && !sel.deployedOrReleased) return [];
    return pacts
      .filter((p) => s.isCurrentlyDeployed(p.consumer, p.consumerVersion, sel.environment))
      .map((pact) => {
        const envs = s.deployments
          .filter((d) => d.currentlyDeployed && d.pacticipant === pact.consumer && d.version === pact.consumerVersion)
          .map((d) => d.environment)
          .filter((e) => sel.environment === undefined || e === sel.environment);
        const env = [...new Set(envs)].join(', ');
        return {
          pact,
          reason: `consumer version(s) currently deployed to ${env} (${pact.consumerVersion})`,
          short: `deployed to ${env}`,
        };
      });
  }

  let label: string;
  let short: string;
  if (sel.mainBranch) {
    pacts = pacts.filter((p) => {
      const main = s.pacticipants.get(p.consumer)?.mainBranch;
      return main !== undefined && ofVersion(p).branches.includes(main);
    });
    [label, short] = ['latest version from the main branch', 'latest from main branch'];
  } else if (sel.branch !== undefined || sel.matchingBranch) {
    const branch = sel.branch ?? providerBranch;
    pacts = branch === undefined ? [] : pacts.filter((p) => ofVersion(p).branches.includes(branch));
    [label, short] = [`latest version from branch '${branch}'`, `latest from branch ${branch}`];
  } else if (sel.tag !== undefined) {
    pacts = pacts.filter((p) => ofVersion(p).tags.includes(sel.tag!));
    if (!sel.latest) {
      return pacts.map((pact) => ({
        pact,
        reason: `all consumer versions tagged '${sel.tag}' (${pact.consumerVersion})`,
        short: `one of ${sel.tag}`,
      }));
    }
    [label, short] = [`latest version tagged '${sel.tag}'`, `latest with tag ${sel.tag}`];
  } else {
    [label, short] = [`latest version of ${who} that has a pact with ${provider}`, 'latest'];
  }
  // The latest matching version of each consumer.
  const latest = new Map<string, PublishedPact>();
  for (const p of pacts) {
    const current = latest.get(p.consumer);
    if (!current || ofVersion(p).order > ofVersion(current).order) latest.set(p.consumer, p);
  }
  return [...latest.values()].map((pact) => ({ pact, reason: `${label} (${pact.consumerVersion})`, short }));
}

/** Pending: never successfully verified by a provider version from the given branch (else tags, else any). */
function isPending(s: Store, pact: PublishedPact, branch: string | undefined, tags: string[]): boolean {
  return !s.verifications.some((v) => {
    if (v.consumer !== pact.consumer || v.provider !== pact.provider || v.pactVersionSha !== pact.sha || !v.success)
      return false;
    const version = s.findVersion(v.provider, v.providerVersion);
    if (branch !== undefined) return version?.branches.includes(branch) ?? false;
    if (tags.length > 0) return tags.some((t) => version?.tags.includes(t));
    return true;
  });
}

export const pactsForVerification: RouteHandler = (s, r): Reply => {
  const provider = r.param('provider');
  if (!s.pacticipants.has(provider)) throw notFound(`Pacticipant ${provider}`);
  const self = { href: `${s.base}/pacts/provider/${seg(provider)}/for-verification`, title: 'Pacts to be verified' };
  // The verifier GETs first, then POSTs its selectors to the self link.
  if (r.method === 'GET') return { status: 200, body: { _links: { self } } };
  const body = r.body ?? {};
  if (!isObject(body)) throw badRequest('the body must be a JSON object');
  const raw = body.consumerVersionSelectors;
  const selectors = Array.isArray(raw) && raw.length > 0 ? raw.map(parseSelector) : [{ latest: true }];
  const branch = optionalString(body, 'providerVersionBranch');
  const tags = Array.isArray(body.providerVersionTags)
    ? body.providerVersionTags.filter((t) => typeof t === 'string')
    : [];
  const includePending = body.includePendingStatus === true;

  // One entry per pact content, however many selectors and consumer versions chose it.
  const chosen = new Map<string, Selection[]>();
  for (const sel of selectors) {
    for (const selection of select(s, provider, sel, branch)) {
      const key = `${selection.pact.consumer}\u0000${selection.pact.sha}`;
      chosen.set(key, [...(chosen.get(key) ?? []), selection]);
    }
  }
  const pacts = [...chosen.values()].map((selections) => {
    const pact = selections[0]!.pact;
    const versions = [...new Set(selections.map((x) => x.pact.consumerVersion))];
    const href = `${pactVersionUrl(s, provider, pact.consumer, pact.sha)}/metadata/${encodeMetadata(versions)}`;
    const criteria = selections.map((x) => `    * ${x.reason}`).join('\n');
    const notices = [
      {
        when: 'before_verification',
        text: `The pact at ${href} is being verified because the pact content belongs to the consumer version(s) matching the following criteria:\n${criteria}`,
      },
    ];
    const verificationProperties: JsonObject = { notices };
    // As documented for the real broker: pending and its notices only with includePendingStatus.
    if (includePending) {
      const pending = isPending(s, pact, branch, tags);
      const target = branch !== undefined ? `a version of ${provider} from branch '${branch}'` : provider;
      verificationProperties.pending = pending;
      notices.push({
        when: 'before_verification',
        text: pending
          ? `This pact is in pending state for this version of ${provider} because a successful verification result for ${target} has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending`
          : `This pact has previously been successfully verified by ${target}. If this verification fails, it will fail the build. Read more at https://docs.pact.io/go/pending`,
      });
      if (pending) {
        // The verifier prints the one matching its outcome.
        const still = `This pact is still in pending state for ${target} as a successful verification result has not yet been published`;
        const outcomes: [string, string][] = [
          ['success_true_published_false', still],
          ['success_false_published_false', still],
          ['success_false_published_true', still],
          [
            'success_true_published_true',
            `This pact is no longer in pending state for ${target}, as a successful verification result has been published.`,
          ],
        ];
        for (const [when, text] of outcomes) notices.push({ when: `after_verification:${when}`, text });
      }
    }
    return {
      shortDescription: [...new Set(selections.map((x) => x.short))].join(', '),
      verificationProperties,
      _links: { self: { href, name: pactName(pact, versions) } },
    };
  });
  return { status: 200, body: { _embedded: { pacts }, _links: { self } } };
};
