// Environments, and the deployments and releases recorded to them (pact_broker
// lib/pact_broker/deployments/deployed_version_service.rb and released_version_service.rb).
import { randomUUID } from 'node:crypto';
import {
  badRequest,
  isObject,
  notFound,
  now,
  type Deployment,
  type Environment,
  type JsonObject,
  type Reply,
  type RouteHandler,
  type RouteRequest,
  type Store,
} from './store.ts';

function environmentByUuid(s: Store, uuid: string): Environment {
  const e = s.environments.find((x) => x.uuid === uuid);
  if (!e) throw notFound(`Environment ${uuid}`);
  return e;
}

/** lib/pact_broker/api/decorators/environment_decorator.rb (its version lists are not modelled: refused). */
const environmentJson = (s: Store, e: Environment): JsonObject => {
  const self = `${s.base}/environments/${e.uuid}`;
  return {
    ...e,
    _links: {
      self: { href: self, name: e.name, title: 'Environment' },
      'pb:currently-deployed-deployed-versions': {
        title: `Versions currently deployed to ${e.displayName} environment`,
        href: `${self}/deployed-versions/currently-deployed`,
      },
      'pb:currently-supported-released-versions': {
        title: `Versions released and supported in ${e.displayName} environment`,
        href: `${self}/released-versions/currently-supported`,
      },
      'pb:environments': { title: 'Environments', href: `${s.base}/environments` },
    },
  };
};

/** The version resource's pb:record-deployment and pb:record-release, one entry per environment, named by it. */
export const recordLinks = (s: Store, versionHref: string): JsonObject => ({
  'pb:record-deployment': s.environments.map((e) => ({
    name: e.name,
    title: `Record deployment to ${e.displayName}`,
    href: `${versionHref}/deployed-versions/environment/${e.uuid}`,
  })),
  'pb:record-release': s.environments.map((e) => ({
    name: e.name,
    title: `Record release to ${e.displayName}`,
    href: `${versionHref}/released-versions/environment/${e.uuid}`,
  })),
});

/** lib/pact_broker/api/decorators/environments_decorator.rb: embedded, and linked by name (what the CLI reads). */
export const listEnvironments: RouteHandler = (s) => {
  return {
    status: 200,
    body: {
      _embedded: { environments: s.environments.map((e) => environmentJson(s, e)) },
      _links: {
        self: { title: 'Environments', href: `${s.base}/environments` },
        'pb:environments': s.environments.map((e) => ({
          title: 'Environment',
          name: e.name,
          href: `${s.base}/environments/${e.uuid}`,
        })),
      },
    },
  };
};

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

/**
 * POST pb:record-deployment or pb:record-release: 201 when recorded, 200 when it already was. A deployment
 * replaces the version deployed before it to the same environment and application instance; releases accumulate
 * (each stays supported until record-support-ended, which the double does not model).
 */
function record(kind: Deployment['kind']): RouteHandler {
  return (s, r) => {
    const [pacticipant, number] = [r.param('pacticipant'), r.param('version')];
    if (!s.findVersion(pacticipant, number)) throw notFound(`Version ${number} of ${pacticipant}`);
    const env = environmentByUuid(s, r.param('uuid'));
    const body = isObject(r.body) ? r.body : {};
    // pact-broker-cli sends {target: …}; the real broker reads applicationInstance, else the older target.
    const instance =
      kind === 'deployment' ? [body.applicationInstance, body.target].find((x) => typeof x === 'string') : undefined;
    const same = (d: Deployment) =>
      d.kind === kind &&
      d.current &&
      d.pacticipant === pacticipant &&
      d.environment === env.name &&
      d.applicationInstance === instance;
    let recorded = s.deployments.find((d) => same(d) && d.version === number);
    const created = recorded === undefined;
    if (!recorded) {
      if (kind === 'deployment') for (const d of s.deployments.filter(same)) d.current = false;
      recorded = {
        uuid: randomUUID(),
        kind,
        pacticipant,
        version: number,
        environment: env.name,
        applicationInstance: instance,
        current: true,
        createdAt: now(),
      };
      s.deployments.push(recorded);
    }
    const state: JsonObject =
      kind === 'deployment'
        ? { currentlyDeployed: recorded.current, applicationInstance: instance ?? null, target: instance ?? null }
        : { currentlySupported: recorded.current };
    const path = kind === 'deployment' ? 'deployed-versions' : 'released-versions';
    return {
      status: created ? 201 : 200,
      body: {
        uuid: recorded.uuid,
        ...state,
        createdAt: recorded.createdAt,
        _embedded: { environment: environmentJson(s, env) },
        _links: { self: { href: `${s.base}/${path}/${recorded.uuid}` } },
      },
    };
  };
}

export const recordDeployment = record('deployment');
export const recordRelease = record('release');
