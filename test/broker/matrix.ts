// GET /matrix, as can-i-deploy calls it: computed from the verification results the double received.
import { verificationUrl } from './pacts.ts';
import {
  badRequest,
  pactVersionUrl,
  pacticipantUrl,
  versionUrl,
  type Json,
  type JsonObject,
  type PacticipantVersion,
  type RouteHandler,
  type Store,
} from './store.ts';

interface MatrixSelector {
  pacticipant: string;
  version?: string;
  branch?: string;
  tag?: string;
  latest?: boolean;
  mainBranch?: boolean;
}

/** `q[][pacticipant]=A&q[][version]=1&q[][pacticipant]=B…`: each pacticipant key starts a new selector. */
function parseSelectors(query: [string, string][]): MatrixSelector[] {
  const selectors: MatrixSelector[] = [];
  for (const [key, value] of query) {
    const field = /^q\[\]\[(\w+)\]$/.exec(key)?.[1];
    if (field === undefined) continue;
    if (field === 'pacticipant') {
      selectors.push({ pacticipant: value });
      continue;
    }
    const current = selectors.at(-1);
    if (!current) throw badRequest(`q[][${field}] must follow a q[][pacticipant]`);
    if (field === 'version' || field === 'branch' || field === 'tag') current[field] = value;
    else if (field === 'latest' || field === 'mainBranch') current[field] = value === 'true';
    else throw badRequest(`q[][${field}] is not supported by the broker double`);
  }
  if (selectors.length === 0) throw badRequest('at least one q[][pacticipant] is required');
  return selectors;
}

function resolve(s: Store, sel: MatrixSelector): PacticipantVersion {
  const pacticipant = s.pacticipants.get(sel.pacticipant);
  if (!pacticipant) throw badRequest(`No pacticipant with name '${sel.pacticipant}' found`);
  if (sel.version !== undefined) {
    const v = s.findVersion(sel.pacticipant, sel.version);
    if (!v) throw badRequest(`No pacticipant version found for ${sel.pacticipant} version ${sel.version}`);
    return v;
  }
  const branch = sel.mainBranch ? pacticipant.mainBranch : sel.branch;
  const candidates = s.versions.filter(
    (v) =>
      v.pacticipant === sel.pacticipant &&
      (branch === undefined || v.branches.includes(branch)) &&
      (sel.tag === undefined || v.tags.includes(sel.tag)),
  );
  const latest = candidates.at(-1); // versions are stored in creation order
  if (!latest || (!sel.latest && sel.branch === undefined && !sel.mainBranch)) {
    throw badRequest(`No version of ${sel.pacticipant} matches ${JSON.stringify(sel)}`);
  }
  return latest;
}

export const matrix: RouteHandler = (s, { query }) => {
  const selectors = parseSelectors(query);
  const environment = query.find(([k]) => k === 'environment')?.[1];
  if (environment !== undefined && !s.environmentNamed(environment)) {
    throw badRequest(`Environment with name '${environment}' does not exist`);
  }
  if (query.some(([k]) => k === 'tag' || k === 'ignore[][pacticipant]')) {
    throw badRequest('--to <tag> and --ignore are not supported by the broker double');
  }
  const resolved = selectors.map((sel) => resolve(s, sel));

  const rows: JsonObject[] = [];
  const providersChecked = new Set<string>();
  const problems: string[] = [];
  let success = 0;
  for (const cv of resolved) {
    for (const pact of s.pacts.filter((p) => p.consumer === cv.pacticipant && p.consumerVersion === cv.number)) {
      // A provider version named in the query narrows the results to that version (latestby=cvpv).
      providersChecked.add(pact.provider);
      const pv = resolved.find((r) => r.pacticipant === pact.provider)?.number;
      const latest = s.verifications
        .filter((v) => v.consumer === pact.consumer && v.provider === pact.provider && v.pactVersionSha === pact.sha)
        .filter((v) => pv === undefined || v.providerVersion === pv)
        .at(-1);
      const between = `version ${cv.number} of ${cv.pacticipant} and ${pv ? `version ${pv}` : 'a version'} of ${pact.provider}`;
      if (!latest) problems.push(`There is no verified pact between ${between}`);
      else if (!latest.success)
        problems.push(`The verification for the pact between ${between} (${latest.providerVersion}) failed`);
      else success += 1;
      rows.push({
        consumer: {
          name: pact.consumer,
          _links: { self: { href: pacticipantUrl(s, pact.consumer) } },
          version: versionJson(s, cv),
        },
        provider: {
          name: pact.provider,
          _links: { self: { href: pacticipantUrl(s, pact.provider) } },
          version: latest ? versionJson(s, s.findVersion(pact.provider, latest.providerVersion)!) : null,
        },
        pact: {
          createdAt: pact.publishedAt,
          _links: { self: { href: pactVersionUrl(s, pact.provider, pact.consumer, pact.sha) } },
        },
        verificationResult: latest
          ? {
              success: latest.success,
              verifiedAt: latest.receivedAt,
              _links: { self: { href: verificationUrl(s, latest.id) } },
            }
          : null,
      });
    }
  }

  // Provider-side checks (which deployed consumer versions a provider version supports) are not modelled:
  // answer "unknown" for them instead of a wrong yes.
  const unmodelled = resolved
    .filter((v) => s.pacts.some((p) => p.provider === v.pacticipant))
    .filter((v) => !providersChecked.has(v.pacticipant))
    .map((v) => v.pacticipant);

  let deployable: boolean | null;
  let reason: string;
  const notices: { type: string; text: string }[] = [];
  if (unmodelled.length > 0) {
    deployable = null;
    reason = `The broker double cannot tell whether provider ${unmodelled.join(', ')} can be deployed`;
    notices.push({ type: 'warning', text: reason });
  } else if (problems.length > 0) {
    deployable = false;
    reason = problems.join('; ');
    notices.push(...problems.map((text) => ({ type: 'danger', text })));
  } else {
    deployable = true;
    reason =
      rows.length > 0
        ? 'All required verification results are published and successful'
        : 'There are no missing dependencies';
    notices.push({ type: 'success', text: reason });
  }
  return {
    status: 200,
    body: {
      summary: {
        deployable,
        reason,
        success,
        failed: rows.length - success - countMissing(rows),
        unknown: countMissing(rows),
      },
      notices,
      matrix: rows,
    },
  };
};

const countMissing = (rows: JsonObject[]) => rows.filter((r) => r.verificationResult === null).length;

function versionJson(s: Store, v: PacticipantVersion): Json {
  return {
    number: v.number,
    branch: v.branches.at(-1) ?? null,
    branches: v.branches.map((name) => ({ name })),
    tags: v.tags.map((name) => ({ name })),
    _links: { self: { href: versionUrl(s, v.pacticipant, v.number) } },
  };
}
