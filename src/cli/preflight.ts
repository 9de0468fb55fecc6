import { errorCodes, isPlainObject } from '../spec/index.ts';
import { cmaCalls, remoteTarget, type Exchange, type RemoteConfig, type Target } from '../target/index.ts';
import { UsageError } from './errors.ts';

/** What a staging run needs of its token's role: managing API tokens, and creating the roles its fixtures use. */
const NEEDED_RIGHTS = ['can_manage_access_tokens', 'can_manage_users'] as const;

const answered = ({ response }: Exchange): string => {
  const code = errorCodes(response.body)[0];
  return `${response.status}${code ? ` ${code}` : ''} ${response.headers['content-type'] ?? '(no content type)'}`.trim();
};

const object = (value: unknown): Record<string, unknown> => (isPlainObject(value) ? value : {});

/**
 * Checks, with reads only, that a remote target is what a staging run needs: the CMA URL answers as
 * a DatoCMS CMA, the token is accepted there and its role may manage tokens and roles, and the CDA
 * URL answers as the CDA of the same project. Returns what was checked, one line each; a failed
 * check is a UsageError (one line, exit 2); an unreachable URL stays a TransportError (exit 3).
 */
export async function preflight(config: RemoteConfig): Promise<string[]> {
  // No ledger on disk: this target owns nothing, writes nothing, and does not read /site itself.
  const target = await remoteTarget(config, { runId: 'preflight' });
  try {
    const locales = await checkCma(target, config);
    const role = await checkRights(target);
    return [
      `CMA ${config.cmaUrl} answers as a DatoCMS CMA, and accepts the token`,
      role === undefined
        ? "the token's role is not shown (a token may have none), so its rights are not checked"
        : `the token's role (${role}) may manage API tokens and roles`,
      await checkCda(target, config, locales),
    ];
  } finally {
    await target.close();
  }
}

async function checkCma(target: Target, config: RemoteConfig): Promise<string[]> {
  const exchange = await target.cma(cmaCalls.site());
  const { status, body } = exchange.response;
  const code = errorCodes(body)[0];
  if (status === 401 && code)
    throw new UsageError(
      `DATOCMS_API_TOKEN is not accepted by ${config.cmaUrl} (GET /site answered ${answered(exchange)}): check the token, and that it may access the CMA`,
    );
  const site = object(object(body).data);
  const locales = object(site.attributes).locales;
  if (status !== 200 || site.type !== 'site' || !Array.isArray(locales))
    throw new UsageError(
      `DATOCMS_CMA_URL ${config.cmaUrl} does not answer as a DatoCMS CMA (GET /site answered ${answered(exchange)}, not a site)`,
    );
  return locales.map(String);
}

async function checkRights(target: Target): Promise<string | undefined> {
  const exchange = await target.cma({ method: 'GET', path: '/users/me?include=role', operationId: 'findMe' });
  const { status, body } = exchange.response;
  if (status !== 200)
    throw new UsageError(
      `cannot tell what the token may do: GET /users/me?include=role answered ${answered(exchange)}`,
    );
  const role = (Array.isArray(object(body).included) ? (object(body).included as unknown[]) : [])
    .map(object)
    .find((resource) => resource.type === 'role');
  // A token may have no role (the docs allow a null role, and which tokens have one is not documented):
  // then the rights cannot be read, and the run itself will say if it lacks them.
  if (!role) return undefined;
  const attributes = object(role.attributes);
  const missing = NEEDED_RIGHTS.filter((right) => attributes[right] !== true);
  const name = typeof attributes.name === 'string' ? `"${attributes.name}"` : `role ${String(role.id)}`;
  if (missing.length > 0)
    throw new UsageError(
      `the token's role ${name} lacks ${missing.join(' and ')}: a staging run creates API tokens and roles (see README)`,
    );
  return name;
}

async function checkCda(target: Target, config: RemoteConfig, cmaLocales: string[]): Promise<string> {
  const exchange = await target.cda({ query: '{ _site { locales } }', credential: { kind: 'admin' } });
  const { status, body } = exchange.response;
  const locales = object(object(object(body).data)._site).locales;
  if (status === 200 && Array.isArray(locales)) {
    const same = locales.map(String).join(',') === cmaLocales.join(',');
    if (!same)
      throw new UsageError(
        `DATOCMS_CDA_URL ${config.cdaUrl} answers for another project: its locales are ${locales.join(', ')}, the CMA's ${cmaLocales.join(', ')}`,
      );
    return `CDA ${config.cdaUrl} answers as the same project's CDA (locales ${cmaLocales.join(', ')})`;
  }
  // A DatoCMS refusal (GraphQL errors, or an API error document): the CDA is there, but the token may not read it.
  const refusal = status >= 400 && status < 500 && (Array.isArray(object(body).errors) || errorCodes(body).length > 0);
  if (refusal)
    return `CDA ${config.cdaUrl} answers as a DatoCMS CDA; the token may not read it (${answered(exchange)}), so which project it serves is not checked`;
  throw new UsageError(
    `DATOCMS_CDA_URL ${config.cdaUrl} does not answer as a DatoCMS CDA (POST { _site { locales } } answered ${answered(exchange)})`,
  );
}
