import { isPlainObject } from '../spec/index.ts';
import { cmaCalls, type Connection, type Credential, type Exchange } from '../target/index.ts';
import type { World } from './world.ts';

/**
 * What a token may do, as a probe sees it: read the CMA, write through it (a no-op update of a
 * token the run owns), read published content or drafts on the CDA, and see secrets on a token read.
 */
export type Surface = 'cma' | 'cma-write' | 'cda' | 'cda-preview' | 'secrets';
export type ProbeOutcome = 'allowed' | 'refused' | 'unexpected';

export interface Probe {
  surface: Surface;
  outcome: ProbeOutcome;
  exchange: Exchange;
}

const SITE_QUERY = '{ _site { locales } }';

/**
 * One call with the token itself, on one surface, on a kept-alive connection or a new one (a server
 * may cache permissions per connection, or send new connections to a lagging replica).
 */
export async function probe(
  world: World,
  surface: Surface,
  tokenId: string,
  credential?: Credential,
  connection: Connection = 'reused',
): Promise<Probe> {
  const as = credential ?? { kind: 'token', tokenId };
  const target = world.target;
  const exchange =
    surface === 'cma'
      ? await target.cma({ ...cmaCalls.site(as), connection })
      : surface === 'cma-write'
        ? await world.noOpWrite(as, connection)
        : surface === 'secrets'
          ? await target.cma({ ...cmaCalls.findToken(tokenId, as), connection })
          : await target.cda({ query: SITE_QUERY, drafts: surface === 'cda-preview', credential: as, connection });
  return { surface, outcome: probeOutcome(surface, exchange), exchange };
}

/**
 * Refused: any client error (the docs give 401 for a token without CMA access; a server may also
 * answer 403 or 404), or, on the CDA, a GraphQL answer with errors and no data. On `secrets`, a
 * read that hides the secret (null, or no key: the client's type makes it optional) is a refusal.
 */
export function probeOutcome(surface: Surface, exchange: Exchange): ProbeOutcome {
  const { status, body } = exchange.response;
  if (status >= 400 && status < 500 && status !== 429) return 'refused';
  if (status !== 200 || !isPlainObject(body)) return 'unexpected';
  if (surface === 'cda' || surface === 'cda-preview')
    return isPlainObject(body.data) ? 'allowed' : Array.isArray(body.errors) ? 'refused' : 'unexpected';
  if (surface === 'secrets') {
    const data = isPlainObject(body.data) ? body.data : undefined;
    if (!isPlainObject(data?.attributes)) return 'unexpected';
    const token = data.attributes.token;
    return typeof token === 'string' ? 'allowed' : token === null || token === undefined ? 'refused' : 'unexpected';
  }
  return 'allowed';
}
