import type { VerifierOptions } from '@pact-foundation/pact';
import { viewsOf } from '../../src/scenarios/index.ts';
import { ALL_SURFACES, cmaCalls, type Exchange, type ResourceKind, type Target } from '../../src/target/index.ts';
import { STATES } from '../pact.ts';

type Created = { kind: ResourceKind; id: string };
type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;

function createdId(exchange: Exchange, what: string): string {
  const id = (exchange.response.body as { data?: { id?: unknown } }).data?.id;
  if (exchange.response.status >= 300 || typeof id !== 'string') {
    throw new Error(`provider state: creating ${what} failed (${exchange.response.status})`);
  }
  return id;
}

/**
 * One `{ setup, teardown }` handler per provider state. Setup creates exactly what the state
 * needs through the CMA (named with the run's prefix, recorded in the target's ledger) and
 * returns the ids for `fromProviderState`; teardown deletes what setup created.
 */
export function stateHandlers(target: Target): {
  handlers: StateHandlers;
  /** Why a PUT to a factory token a state handed out is safe: the consumer sends its own current values. */
  noOpWrite: (method: string, path: string) => string | undefined;
} {
  let created: Created[] = [];
  const factoryTokens = new Set<string>();
  const prefix = target.ownership.prefix;

  const role = async (label: string) => {
    const id = createdId(
      await target.cma(cmaCalls.createRole(`${prefix}${label}`, { environments_access: 'all' })),
      'a role',
    );
    created.push({ kind: 'role', id });
    return id;
  };
  const token = async (label: string, roleId: string, flags = ALL_SURFACES) => {
    const id = createdId(
      await target.cma(cmaCalls.createToken({ name: `${prefix}${label}`, ...flags }, roleId)),
      'a token',
    );
    created.push({ kind: 'access_token', id });
    return id;
  };
  const teardown = async () => {
    const order = [...created.filter((c) => c.kind === 'access_token'), ...created.filter((c) => c.kind === 'role')];
    created = [];
    for (const { kind, id } of order) await target.cma(cmaCalls.remove(kind, id));
  };
  const state = (setup: () => Promise<Record<string, string | boolean>>) => ({ setup, teardown });

  const handlers: StateHandlers = {
    [STATES.ownedToken]: state(async () => {
      const roleId = await role('pact-role');
      return { tokenId: await token('pact-token', roleId), roleId };
    }),
    [STATES.ownedTokenAndOtherRole]: state(async () => {
      const roleId = await role('pact-role');
      const otherRoleId = await role('pact-other-role');
      return { tokenId: await token('pact-token', roleId), roleId, otherRoleId };
    }),
    [STATES.tokenWithCmaAccess]: state(async () => {
      const roleId = await role('pact-role');
      return { tokenId: await token('pact-token', roleId), roleId };
    }),
    [STATES.tokenWithoutCmaAccess]: state(async () => {
      const roleId = await role('pact-role');
      const tokenId = await token('pact-token', roleId, { ...ALL_SURFACES, can_access_cma: false });
      // A reference that the request filter resolves to the secret: the secret never reaches the verifier's state.
      return { tokenId, credential: `token-${tokenId}` };
    }),
    [STATES.noSuchToken]: state(async () => {
      const roleId = await role('pact-role');
      const tokenId = await token('pact-gone', roleId);
      await target.cma(cmaCalls.remove('access_token', tokenId));
      created = created.filter((c) => c.id !== tokenId);
      return { tokenId };
    }),
    [STATES.factoryToken]: state(async () => {
      const factory = viewsOf(await target.cma(cmaCalls.listTokens())).find((t) => t.hardcoded_type !== null);
      if (!factory) throw new Error('provider state: the project has no factory token');
      // Its own current values: the update the consumer sends is a no-op, even on a buggy server.
      const { id, name, can_access_cda, can_access_cda_preview, can_access_cma } = factory;
      factoryTokens.add(id);
      return { tokenId: id, name, can_access_cda, can_access_cda_preview, can_access_cma };
    }),
  };
  const noOpWrite = (method: string, path: string) => {
    const id = /^\/access_tokens\/([^/]+)$/.exec(path)?.[1];
    return method === 'PUT' && id !== undefined && factoryTokens.has(id)
      ? 'a factory token gets its own values'
      : undefined;
  };
  return { handlers, noOpWrite };
}
