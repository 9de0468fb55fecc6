import type { VerifierOptions } from '@pact-foundation/pact';
import { sameWritableState, viewOf, viewsOf, type TokenView } from '../scenarios/index.ts';
import type { TokenFlags } from '../spec/index.ts';
import { ALL_SURFACES, cmaCalls, type Exchange, type GatewayObjection, type Target } from '../target/index.ts';
import { PROVIDER_STATES, type ProviderStateKey, type StateParams } from './catalogue.ts';
import { removeOwned } from '../scenarios/index.ts';

type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;

function createdId(exchange: Exchange, what: string): string {
  const id = (exchange.response.body as { data?: { id?: unknown } } | undefined)?.data?.id;
  if (exchange.response.status >= 300 || typeof id !== 'string') {
    throw new Error(`provider state: creating ${what} failed (${exchange.response.status})`);
  }
  return id;
}

/**
 * One `{ setup, teardown }` handler per state of the catalogue. Setup creates exactly what the
 * state needs through the CMA (named with the run's prefix, recorded in the target's ledger) and
 * returns its documented parameters for `fromProviderState`; teardown deletes everything the run
 * owns, so that a failed setup leaves nothing behind either.
 */
export function stateHandlers(target: Target): {
  handlers: StateHandlers;
  /** The factory tokens an interaction changed (and that were put back): the provider applied a refused update. */
  changedFactoryTokens: readonly string[];
  /** Why a PUT to a factory token a state handed out is let through: the catalogue asks for its own current values. */
  noOpWrite: (method: string, path: string) => string | undefined;
  /** Once such a PUT is answered: whether it changed the token (then put back), said for the gateway to answer. */
  factoryWriteObjection: (method: string, path: string, status: number) => Promise<GatewayObjection | undefined>;
} {
  /** The factory tokens handed out to the interaction in flight, as they were. */
  const factoryTokens = new Map<string, TokenView>();
  const prefix = target.ownership.prefix;

  const role = async (label: string) =>
    createdId(
      await target.cma(
        cmaCalls.createRole(`${prefix}${label}`, { can_manage_access_tokens: false, environments_access: 'all' }),
      ),
      'a role',
    );
  const token = async (label: string, roleId: string, flags: TokenFlags = ALL_SURFACES) =>
    createdId(await target.cma(cmaCalls.createToken({ name: `${prefix}${label}`, ...flags }, roleId)), 'a token');
  // A reference the gateway signs with that token's secret: the secret never reaches the verifier.
  const credentialOf = (tokenId: string) => `token-${tokenId}`;

  const setups: { [K in ProviderStateKey]: () => Promise<StateParams<K>> } = {
    editableToken: async () => {
      const roleId = await role('pact-role');
      return { tokenId: await token('pact-token', roleId), roleId };
    },
    editableTokenAndOtherRole: async () => {
      const roleId = await role('pact-role');
      const otherRoleId = await role('pact-other-role');
      return { tokenId: await token('pact-token', roleId), roleId, otherRoleId };
    },
    tokenWithoutCmaAccess: async () => {
      const tokenId = await token('pact-no-cma', await role('pact-role'), { ...ALL_SURFACES, can_access_cma: false });
      return { tokenId, credential: credentialOf(tokenId) };
    },
    factoryToken: async () => {
      const factory = viewsOf(await target.cma(cmaCalls.listTokens())).find((t) => t.hardcoded_type !== null);
      if (!factory) throw new Error('provider state: the project has no factory token');
      const { id, name, can_access_cda, can_access_cda_preview, can_access_cma } = factory;
      factoryTokens.set(id, factory);
      return { tokenId: id, name, can_access_cda, can_access_cda_preview, can_access_cma };
    },
    noSuchToken: async () => {
      const tokenId = await token('pact-gone', await role('pact-role'));
      await target.cma(cmaCalls.remove('access_token', tokenId));
      return { tokenId };
    },
    roleWithoutTokenManagement: async () => {
      const restrictedRoleId = await role('pact-restricted-role');
      const caller = await token('pact-restricted-caller', restrictedRoleId);
      return { restrictedRoleId, restrictedCredential: credentialOf(caller) };
    },
  };

  // A pact may send a factory token other values than its own, and a buggy server apply them
  // (perhaps while it answers with the refusal the pact expects): they are put back, and said —
  // to the Verifier too, so that the result it publishes is a failure.
  const changedFactoryTokens: string[] = [];
  /** Whether the token had changed (it is put back). */
  const restoreFactoryToken = async (id: string, before: TokenView): Promise<boolean> => {
    const now = viewOf(await target.cma(cmaCalls.findToken(id)));
    if (!now || sameWritableState(now, before)) return false;
    const { name, can_access_cda, can_access_cda_preview, can_access_cma } = before;
    await target.cma({
      ...cmaCalls.updateToken(
        id,
        { name, can_access_cda, can_access_cda_preview, can_access_cma },
        before.roleId ?? undefined,
      ),
      unownedWriteReason: 'putting a factory token back',
    });
    changedFactoryTokens.push(id);
    return true;
  };
  const restoreFactoryTokens = async () => {
    for (const [id, before] of factoryTokens) await restoreFactoryToken(id, before);
    factoryTokens.clear();
  };
  const factoryWriteObjection = async (method: string, path: string, status: number) => {
    const id = factoryTokenOf(method, path);
    const before = id === undefined ? undefined : factoryTokens.get(id);
    if (!id || !before || !(await restoreFactoryToken(id, before))) return undefined;
    return {
      code: 'TOKEN_CONTRACT_FACTORY_TOKEN_CHANGED' as const,
      message: `the provider answered ${status} to this update of the factory token ${id}, yet applied it (its values were put back); DatoCMS refuses every update of a factory token (NON_EDITABLE_ACCESS_TOKEN), and this answer of token-contract's replaces the provider's so that the interaction fails`,
    };
  };
  const teardown = async () => {
    try {
      await restoreFactoryTokens();
    } finally {
      await removeOwned(target);
    }
  };
  const handlers: StateHandlers = Object.fromEntries(
    (Object.keys(PROVIDER_STATES) as ProviderStateKey[]).map((key) => [
      PROVIDER_STATES[key].name,
      { setup: setups[key], teardown },
    ]),
  );
  const factoryTokenOf = (method: string, path: string) => {
    const id = /^\/access_tokens\/([^/]+)$/.exec(path)?.[1];
    return method === 'PUT' && id !== undefined && factoryTokens.has(id) ? id : undefined;
  };
  const noOpWrite = (method: string, path: string) =>
    factoryTokenOf(method, path) ? 'a factory token gets its own values' : undefined;
  return { handlers, noOpWrite, factoryWriteObjection, changedFactoryTokens };
}
