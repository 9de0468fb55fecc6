// Pacticipants, their versions and the branch PUT the verifier makes for the provider version.
import { recordLinks } from './environments.ts';
import {
  notFound,
  pacticipantUrl,
  versionUrl,
  type Reply,
  type RouteHandler,
  type RouteRequest,
  type Store,
} from './store.ts';

export function getPacticipant(s: Store, r: RouteRequest): Reply {
  const name = r.param('pacticipant');
  const p = s.pacticipants.get(name);
  if (!p) throw notFound(`Pacticipant ${name}`);
  const self = pacticipantUrl(s, name);
  // The verifier expands the templated links itself, percent-encoding the values (2.0.0%2Bdef).
  return {
    status: 200,
    body: {
      name,
      displayName: name,
      mainBranch: p.mainBranch ?? null,
      createdAt: p.createdAt,
      _links: {
        self: { href: self, name, title: 'Pacticipant' },
        'pb:version': { href: `${self}/versions/{version}`, templated: true, title: 'Version' },
        'pb:branch-version': {
          href: `${self}/branches/{branch}/versions/{version}`,
          templated: true,
          title: 'Branch version',
        },
      },
    },
  };
}

/** lib/pact_broker/api/decorators/version_decorator.rb: record-deployment and record-release link per environment. */
export function getVersion(s: Store, r: RouteRequest): Reply {
  const [name, number] = [r.param('pacticipant'), r.param('version')];
  const v = s.findVersion(name, number);
  if (!v) throw notFound(`Version ${number} of ${name}`);
  const self = versionUrl(s, name, number);
  return {
    status: 200,
    body: {
      number,
      createdAt: v.createdAt,
      _embedded: { branchVersions: v.branches.map((b) => ({ name: b })) },
      _links: {
        self: { href: self, name: number, title: 'Version' },
        'pb:pacticipant': { href: pacticipantUrl(s, name), name, title: 'Pacticipant' },
        ...recordLinks(s, self),
      },
    },
  };
}

/** PUT pb:branch-version: 201 when the version joins the branch, 200 when it was on it already. */
export const putBranch: RouteHandler = (s, r) => {
  const [pacticipant, number, branch] = [r.param('pacticipant'), r.param('version'), r.param('branch')];
  const added = s.addBranch(s.version(pacticipant, number), branch);
  s.branchPuts.push({ pacticipant, version: number, branch });
  return {
    status: added ? 201 : 200,
    body: {
      name: branch,
      _links: {
        self: { href: r.href, title: 'Branch version' },
        'pb:version': { href: versionUrl(s, pacticipant, number), name: number, title: 'Version' },
      },
    },
  };
};
