// Pacticipants, their versions (branches, tags), environments and recorded deployments.
import { randomUUID } from 'node:crypto';
import {
  badRequest,
  isObject,
  notFound,
  now,
  pacticipantUrl,
  versionUrl,
  type Deployment,
  type Environment,
  type JsonObject,
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
        'pb:version-tag': { href: `${self}/versions/{version}/tags/{tag}`, templated: true, title: 'Version tag' },
      },
    },
  };
}

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
      _embedded: { branchVersions: v.branches.map((b) => ({ name: b })), tags: v.tags.map((t) => ({ name: t })) },
      _links: {
        self: { href: self, name: number, title: 'Version' },
        'pb:pacticipant': { href: pacticipantUrl(s, name), name, title: 'Pacticipant' },
        'pb:tag': { href: `${self}/tags/{tag}`, templated: true, title: 'Tag' },
        // record-deployment picks the entry whose name is the environment.
        'pb:record-deployment': s.environments.map((e) => ({
          name: e.name,
          title: `Record deployment to ${e.displayName}`,
          href: `${self}/deployed-versions/environment/${e.uuid}`,
        })),
      },
    },
  };
}

function putLabel(s: Store, r: RouteRequest, kind: 'branch' | 'tag'): Reply {
  const [pacticipant, number, name] = [r.param('pacticipant'), r.param('version'), r.param(kind)];
  const v = s.version(pacticipant, number);
  const added = kind === 'branch' ? s.addBranch(v, name) : s.addTag(v, name);
  s.versionLabels.push({ kind, pacticipant, version: number, name });
  return {
    status: added ? 201 : 200,
    body: {
      name,
      _links: {
        self: { href: r.href, title: kind === 'branch' ? 'Branch version' : 'Tag' },
        'pb:version': { href: versionUrl(s, pacticipant, number), name: number, title: 'Version' },
      },
    },
  };
}

function environmentByUuid(s: Store, uuid: string): Environment {
  const e = s.environments.find((x) => x.uuid === uuid);
  if (!e) throw notFound(`Environment ${uuid}`);
  return e;
}

const environmentJson = (s: Store, e: Environment): JsonObject => ({
  ...e,
  _links: { self: { href: `${s.base}/environments/${e.uuid}`, name: e.name, title: 'Environment' } },
});

export const putBranch: RouteHandler = (s, r) => putLabel(s, r, 'branch');
export const putTag: RouteHandler = (s, r) => putLabel(s, r, 'tag');

export const listEnvironments: RouteHandler = (s) => ({
  status: 200,
  body: { _embedded: { environments: s.environments.map((e) => environmentJson(s, e)) } },
});

export const getEnvironment: RouteHandler = (s, r) => ({
  status: 200,
  body: environmentJson(s, environmentByUuid(s, r.param('uuid'))),
});

export function createEnvironment(s: Store, r: RouteRequest): Reply {
  const body = r.body;
  if (!isObject(body) || typeof body.name !== 'string' || body.name === '') throw badRequest('name is required');
  if (typeof body.production !== 'boolean') throw badRequest('production must be true or false');
  const name = body.name;
  if (s.environmentNamed(name)) throw badRequest(`Another environment with name '${name}' already exists.`);
  const displayName =
    typeof body.displayName === 'string'
      ? body.displayName
      : name.replace(/(^|[-_ ])(\w)/g, (_m, sep: string, c: string) => `${sep ? ' ' : ''}${c.toUpperCase()}`);
  const e: Environment = { uuid: randomUUID(), name, displayName, production: body.production, createdAt: now() };
  s.environments.push(e);
  return { status: 201, body: environmentJson(s, e) };
}

export function recordDeployment(s: Store, r: RouteRequest): Reply {
  const [pacticipant, number] = [r.param('pacticipant'), r.param('version')];
  if (!s.findVersion(pacticipant, number)) throw notFound(`Version ${number} of ${pacticipant}`);
  const env = environmentByUuid(s, r.param('uuid'));
  const body = isObject(r.body) ? r.body : {};
  // pact-broker-cli sends {target: <env name>}; the real broker reads applicationInstance, else the older target.
  const instance = [body.applicationInstance, body.target].find((x) => typeof x === 'string');
  const same = (d: Deployment) =>
    d.currentlyDeployed &&
    d.pacticipant === pacticipant &&
    d.environment === env.name &&
    d.applicationInstance === instance;
  let deployment = s.deployments.find((d) => same(d) && d.version === number);
  const created = deployment === undefined;
  if (!deployment) {
    // Deploying a version replaces whatever was deployed there before.
    for (const d of s.deployments.filter(same)) d.currentlyDeployed = false;
    deployment = {
      uuid: randomUUID(),
      pacticipant,
      version: number,
      environment: env.name,
      applicationInstance: instance,
      currentlyDeployed: true,
      body,
      createdAt: now(),
    };
    s.deployments.push(deployment);
  }
  return {
    status: created ? 201 : 200,
    body: {
      uuid: deployment.uuid,
      currentlyDeployed: deployment.currentlyDeployed,
      applicationInstance: instance ?? null,
      target: instance ?? null,
      createdAt: deployment.createdAt,
      _embedded: { environment: environmentJson(s, env) },
      _links: { self: { href: `${s.base}/deployed-versions/${deployment.uuid}`, title: 'Deployed version' } },
    },
  };
}
