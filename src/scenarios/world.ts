import type { RoleName, UpdateCase } from '../generate/index.ts';
import { defaultAssumptions, storedNames, type TokenFlags, type WritableTokenAttributes } from '../spec/index.ts';
import {
  ALL_SURFACES,
  cmaCalls,
  type Connection,
  type Credential,
  type Exchange,
  type Target,
} from '../target/index.ts';
import { createdIdOf, sameWritableState, viewOf, viewsOf, type Snapshot, type TokenView } from './views.ts';

/** The problem is the target's, not the suite's: a fixture could not be set up. */
export class WorldError extends Error {
  override readonly name = 'WorldError';
  constructor(
    message: string,
    readonly exchange?: Exchange,
  ) {
    super(
      exchange
        ? `${message}: ${exchange.request.method} ${exchange.request.url} → ${exchange.response.status} ${JSON.stringify(exchange.response.body).slice(0, 300)}`
        : message,
    );
  }
}

export interface WorldIds {
  roles: Record<RoleName, string>;
  /** A role that existed and was deleted: certainly unknown. */
  unknownRoleId: string;
  /** The token every update case is about (recreated if a fault breaks it). */
  subject: string;
  /** Another owned token, to see that updating the subject leaves it alone. */
  bystander: string;
  /** A token whose role may not manage API tokens (caller "no-manage"). */
  weakCaller: string;
  /** A token with the managing role but without CMA access (caller "no-cma"). */
  noCmaCaller: string;
  /** The project's factory tokens (non-null hardcoded_type), if any. */
  factoryTokens: string[];
  /** A token id verified absent. */
  unknownTokenId: string;
  /** A token the run created and deleted. */
  deletedTokenId: string;
}

/** A fixture token as the run created it. */
interface FixtureState {
  attributes: WritableTokenAttributes;
  roleId: string;
}

/**
 * The fixtures a campaign works with, all created through the CMA by the run itself, all named
 * with the run's prefix, and all removed by `dispose()`.
 */
export class World {
  private constructor(
    readonly target: Target,
    readonly ids: WorldIds,
    /** The callers' tokens as created, to put back after an update of their own that a fault let through. */
    private readonly callerStates: ReadonlyMap<string, FixtureState>,
    /** The bystander's attributes as created: what a write probe sends it again. */
    private readonly bystanderAttributes: WritableTokenAttributes,
  ) {}

  get prefix(): string {
    return this.target.ownership.prefix;
  }

  /** Creates the fixtures; if any step fails, removes what was already created, then rethrows. */
  static async create(target: Target): Promise<World> {
    try {
      return await World.build(target);
    } catch (error) {
      await removeOwned(target);
      throw error;
    }
  }

  private static async build(target: Target): Promise<World> {
    const prefix = target.ownership.prefix;
    const role = async (name: string, manage: boolean) => {
      const exchange = await target.cma(
        cmaCalls.createRole(`${prefix}${name}`, { can_manage_access_tokens: manage, environments_access: 'all' }),
      );
      return createdId(exchange, 'role');
    };
    const manager = await role('manager', true);
    const viewer = await role('viewer', false);
    const gone = await role('deleted', false);
    expectOk(await target.cma(cmaCalls.remove('role', gone)), 'deleting a fixture role');

    const callerStates = new Map<string, FixtureState>();
    const token = (name: string, roleId: string, flags: TokenFlags = ALL_SURFACES) =>
      createToken(target, `${prefix}${name}`, roleId, flags);
    const caller = async (name: string, roleId: string, flags: TokenFlags) => {
      const id = await token(name, roleId, flags);
      callerStates.set(id, { attributes: { name: `${prefix}${name}`, ...flags }, roleId });
      return id;
    };
    const subject = await token('subject', viewer);
    const bystanderAttributes: WritableTokenAttributes = {
      name: `${prefix}bystander`,
      can_access_cda: true,
      can_access_cda_preview: false,
      can_access_cma: false,
    };
    const bystander = await createToken(target, bystanderAttributes.name, viewer, bystanderAttributes);
    const weakCaller = await caller('weak-caller', viewer, ALL_SURFACES);
    const noCmaCaller = await caller('no-cma-caller', manager, { ...ALL_SURFACES, can_access_cma: false });
    const deleted = await token('deleted', viewer);
    expectOk(await target.cma(cmaCalls.remove('access_token', deleted)), 'deleting a fixture token');

    const list = await target.cma(cmaCalls.listTokens());
    expectOk(list, 'listing API tokens');
    const tokens = viewsOf(list);
    // The run's own credential may be a factory token (older projects have a full-access one):
    // probing it, let alone rotating it, would lock the run out.
    const factoryTokens = tokens
      .filter((t) => t.hardcoded_type !== null && !target.isOwnCredential(t.id))
      .map((t) => t.id);
    const unknownTokenId = await absentTokenId(target, tokens);
    return new World(
      target,
      {
        roles: { manager, viewer },
        unknownRoleId: gone,
        subject,
        bystander,
        weakCaller,
        noCmaCaller,
        factoryTokens,
        unknownTokenId,
        deletedTokenId: deleted,
      },
      callerStates,
      bystanderAttributes,
    );
  }

  roleName(roleId: string | null): RoleName | undefined {
    if (roleId === this.ids.roles.manager) return 'manager';
    if (roleId === this.ids.roles.viewer) return 'viewer';
    return undefined;
  }

  async snapshot(): Promise<Snapshot> {
    const exchange = await this.target.cma(cmaCalls.listTokens());
    expectOk(exchange, 'listing API tokens');
    const watched = this.target.info.disposable
      ? undefined
      : new Set(this.target.ownership.owned().flatMap((e) => (e.kind === 'access_token' ? [e.id] : [])));
    return { exchange, tokens: viewsOf(exchange), watched };
  }

  async read(id: string): Promise<{ exchange: Exchange; view: TokenView | undefined }> {
    const exchange = await this.target.cma(cmaCalls.findToken(id));
    return { exchange, view: viewOf(exchange) };
  }

  /** A valid update of a token: the four attributes, and the role when one is given (`unowned`: why that is safe). */
  update(id: string, attributes: WritableTokenAttributes, roleId?: string | null, unowned?: string): Promise<Exchange> {
    return this.target.cma({
      ...cmaCalls.updateToken(id, attributes, roleId),
      ...(unowned ? { unownedWriteReason: unowned } : {}),
    });
  }

  /**
   * The harmless CMA write of a permission probe: the bystander (which the run owns) sent its own
   * attributes again, as `credential`. Allowed exactly when the caller may write through the CMA
   * and manage API tokens. Without `relationships`, so that the role is kept and no right to
   * assign roles, which no source ties to managing tokens, comes into it.
   */
  noOpWrite(credential: Credential, connection: Connection): Promise<Exchange> {
    return this.target.cma({
      ...cmaCalls.updateToken(this.ids.bystander, this.bystanderAttributes),
      credential,
      connection,
    });
  }

  /**
   * Puts a token the run changed but does not own (a caller, a factory token) back as it was. It is
   * part of cleaning up: it goes on after the deadline or Ctrl-C, within the cleanup allowance.
   */
  restore(id: string, attributes: WritableTokenAttributes, roleId: string | null, unowned?: string): Promise<Exchange> {
    return this.target.cma({
      ...cmaCalls.updateToken(id, attributes, roleId),
      ...(unowned ? { unownedWriteReason: unowned } : {}),
      purpose: 'cleanup',
    });
  }

  /** Puts the subject in a case's start state; recreates it if the target refuses (a fault may break it). */
  async resetSubject(start: UpdateCase['start']): Promise<void> {
    const attributes = { name: `${this.prefix}${start.name}`, ...start.flags };
    const roleId = this.ids.roles[start.role];
    const reset = await this.update(this.ids.subject, attributes, roleId);
    const view = viewOf(reset);
    if (view && view.roleId === roleId && storedNames(attributes.name, defaultAssumptions).includes(view.name)) return;
    await this.target.cma(cmaCalls.remove('access_token', this.ids.subject));
    this.ids.subject = await createToken(this.target, attributes.name, roleId, start.flags);
  }

  /** Puts a caller's token back as it was created, if `seen` shows it changed (a refusal that was not one). */
  async restoreCaller(id: string, seen: Snapshot): Promise<void> {
    const original = this.callerStates.get(id);
    const now = seen.tokens.find((t) => t.id === id);
    if (!original || !now) return;
    if (!sameWritableState(now, { ...original.attributes, roleId: original.roleId }))
      expectOk(await this.restore(id, original.attributes, original.roleId), 'restoring a caller token');
  }

  /** Removes everything the run owns (tokens first: a role in use cannot be deleted). */
  dispose(): Promise<void> {
    return removeOwned(this.target);
  }
}

/**
 * Deletes everything the target's ledger says the run owns (tokens first: a role in use cannot go),
 * creations whose answer was lost or unreadable included.
 */
export async function removeOwned(target: Target): Promise<void> {
  await target.ownership.settle();
  const owned = target.ownership.owned();
  for (const entry of [...owned.filter((e) => e.kind === 'access_token'), ...owned.filter((e) => e.kind === 'role')])
    await target.cma(cmaCalls.remove(entry.kind, entry.id));
}

async function createToken(target: Target, name: string, roleId: string, flags: TokenFlags): Promise<string> {
  const exchange = await target.cma(cmaCalls.createToken({ name, ...flags }, roleId));
  return createdId(exchange, 'access_token');
}

function createdId(exchange: Exchange, type: string): string {
  const id = createdIdOf(exchange, type);
  if (id === undefined) throw new WorldError(`creating a fixture ${type} failed`, exchange);
  return id;
}

function expectOk(exchange: Exchange, what: string): void {
  if (exchange.response.status < 200 || exchange.response.status >= 300)
    throw new WorldError(`${what} failed`, exchange);
}

/** An id beyond every existing one, verified absent (which lets the run write to it). */
async function absentTokenId(target: Target, tokens: TokenView[]): Promise<string> {
  const highest = tokens.reduce((max, t) => (/^\d+$/.test(t.id) ? Math.max(max, Number(t.id)) : max), 0);
  const id = String(highest * 10 + 7);
  const probe = await target.cma(cmaCalls.findToken(id));
  if (probe.response.status !== 404) throw new WorldError(`token id ${id} was expected not to exist`, probe);
  return id;
}
