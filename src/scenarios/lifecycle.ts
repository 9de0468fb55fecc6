import fc from 'fast-check';
import { anyName, tokenFlags, type RoleName } from '../generate/index.ts';
import type { TokenFlags } from '../spec/index.ts';
import { cmaCalls, type CmaCall, type Exchange, type ResourceKind } from '../target/index.ts';
import { flagText } from './permissions.ts';
import { probe, type Surface } from './probes.ts';
import type { Observation, Scenario } from './scenario.ts';
import { createdIdOf, viewsOf } from './views.ts';
import type { World } from './world.ts';

// Model-based testing of the token lifecycle: fast-check generates sequences of operations on
// tokens and roles the sequence creates itself, runs them (fc.commands, asyncModelRun), lists the
// project after every step, and a judge — the documentation written as code, in invariants/ —
// compares each step with its model. Sequences shrink to the shortest that still diverges.

/** A role as a step names it, in every state a role id can be in. */
export type RolePick =
  | { kind: 'fixture'; role: RoleName }
  /** A role this sequence created, by creation order (it may have been deleted since). */
  | { kind: 'created'; pick: number }
  /** The run's role deleted before the campaign. */
  | { kind: 'deleted' }
  /** The id of a token: a resource of another kind. */
  | { kind: 'token-id' };

/** A new name, or the name of a token the last listing showed (the live project's own names). */
export type NamePick = { kind: 'new'; name: string } | { kind: 'copy'; pick: number };

/** How an update body is broken, if it is. */
export type Breakage = 'wrong-type' | 'missing-attribute' | 'unknown-attribute' | 'null-linkage';

export interface UpdatePlan {
  name: NamePick;
  flags: TokenFlags;
  role: RolePick | 'omitted';
  breakage: Breakage | undefined;
}

/** One generated step; tokens are picked by creation order among those the sequence created. */
export type Plan =
  | { kind: 'create-token'; name: NamePick; flags: TokenFlags; role: RolePick }
  | { kind: 'update'; token: number; update: UpdatePlan }
  | { kind: 'rotate'; token: number }
  | { kind: 'delete-token'; token: number }
  | { kind: 'create-role'; manages: boolean }
  | { kind: 'delete-role'; pick: number }
  | { kind: 'read'; token: number }
  | { kind: 'probe'; token: number; surface: Surface }
  | { kind: 'race'; token: number; update: UpdatePlan; other: RaceOther };

/** What races an update of the same token. */
export type RaceOther = { kind: 'update'; update: UpdatePlan } | { kind: 'rotate' | 'delete-token' | 'read' };

/** A step's operation with real ids: exactly what was sent. */
export type Operation =
  | { kind: 'create-token'; name: string; flags: TokenFlags; roleId: string }
  | { kind: 'update'; tokenId: string; body: unknown }
  | { kind: 'rotate'; tokenId: string }
  | { kind: 'delete-token'; tokenId: string }
  | { kind: 'create-role'; name: string; manages: boolean }
  | { kind: 'delete-role'; roleId: string }
  | { kind: 'read'; tokenId: string }
  | { kind: 'probe'; tokenId: string; surface: Surface };

export interface LifecycleStep {
  /** One operation, or two sent at the same moment (a race). */
  operations: Operation[];
  /** The answer to each operation, in the same order. */
  answers: Exchange[];
  /** After a rotation: a CMA call with the secret from before it. */
  oldSecret?: Exchange;
  /** The tokens of the project after the step. */
  listing: Exchange;
  /** The roles of the project after a step on roles. */
  roles?: Exchange;
}

/** What the sequence starts from: the run's fixture roles and the project as listed. */
export interface LifecycleStart {
  /** The run's name prefix: a token named so that no accepted creation explains is a stray. */
  prefix: string;
  roles: Record<RoleName, string>;
  deletedRoleId: string;
  listing: Exchange;
  roleListing: Exchange;
}

/** Where a step disagrees with the model. */
export interface Divergence {
  kind: string;
  message: string;
  /** The exchanges that show it, the judged answer first. */
  exchanges: Exchange[];
  rule?: string;
}

/** The model: judges each step in turn, and moves on with it. */
export interface LifecycleJudge {
  judge(step: LifecycleStep): Divergence | undefined;
}

export interface LifecycleObservation extends Observation {
  start: LifecycleStart;
  steps: LifecycleStep[];
  /** The sequence as run, for reports. */
  commands: string;
}

/** The ids the sequence created, in order, to resolve the picks of later steps. */
interface Book {
  tokens: string[];
  roles: string[];
  /** Names in the last listing, for names copied from the project. */
  names: string[];
}

interface Real {
  world: World;
  start: LifecycleStart;
  judge: LifecycleJudge;
  steps: LifecycleStep[];
}

type Command = fc.AsyncCommand<Book, Real>;

/** Stops the sequence at its first divergence: what follows would only repeat it. */
class Diverged extends Error {}

const pickOf = <T>(items: readonly T[], pick: number): T | undefined =>
  items.length === 0 ? undefined : items[pick % items.length];

function roleIdOf(pick: RolePick, book: Book, real: Real, tokenId: string): string {
  switch (pick.kind) {
    case 'fixture':
      return real.start.roles[pick.role];
    case 'created':
      return pickOf(book.roles, pick.pick) ?? real.start.roles.viewer;
    case 'deleted':
      return real.start.deletedRoleId;
    case 'token-id':
      return tokenId;
  }
}

const nameOf = (pick: NamePick, book: Book, world: World): string =>
  pick.kind === 'new' ? `${world.prefix}${pick.name}` : (pickOf(book.names, pick.pick) ?? `${world.prefix}copy`);

/** A creation's name always starts with the run's prefix: that is how the run proves it owns what it made. */
const creationNameOf = (pick: NamePick, book: Book, world: World): string => {
  const name = nameOf(pick, book, world);
  return name.startsWith(world.prefix) ? name : `${world.prefix}${name}`;
};

/** The JSON body of an update plan, broken as the plan says. */
function updateBody(tokenId: string, plan: UpdatePlan, book: Book, real: Real): unknown {
  const attributes: Record<string, unknown> = { name: nameOf(plan.name, book, real.world), ...plan.flags };
  if (plan.breakage === 'wrong-type') attributes.can_access_cma = plan.flags.can_access_cma ? 'true' : 0;
  if (plan.breakage === 'missing-attribute') delete attributes.can_access_cda_preview;
  // A key no server will add: a plausible one (expires_at, say) may be a member DatoCMS adds tomorrow.
  if (plan.breakage === 'unknown-attribute') attributes.token_contract_unknown = '2030-01-01T00:00:00Z';
  const linkage =
    plan.breakage === 'null-linkage'
      ? null
      : plan.role === 'omitted'
        ? undefined
        : { type: 'role', id: roleIdOf(plan.role, book, real, tokenId) };
  return {
    data: {
      type: 'access_token',
      id: tokenId,
      attributes,
      ...(linkage === undefined ? {} : { relationships: { role: { data: linkage } } }),
    },
  };
}

function operationOf(plan: Exclude<Plan, { kind: 'race' }>, book: Book, real: Real): Operation | undefined {
  const { world } = real;
  if (plan.kind === 'create-token')
    return {
      kind: 'create-token',
      name: creationNameOf(plan.name, book, world),
      flags: plan.flags,
      roleId: roleIdOf(plan.role, book, real, world.ids.bystander),
    };
  if (plan.kind === 'create-role')
    return { kind: 'create-role', name: `${world.prefix}role-${book.roles.length}`, manages: plan.manages };
  if (plan.kind === 'delete-role') {
    const roleId = pickOf(book.roles, plan.pick);
    return roleId === undefined ? undefined : { kind: 'delete-role', roleId };
  }
  const tokenId = pickOf(book.tokens, plan.token);
  if (tokenId === undefined) return undefined;
  switch (plan.kind) {
    case 'update':
      return { kind: 'update', tokenId, body: updateBody(tokenId, plan.update, book, real) };
    case 'probe':
      return { kind: 'probe', tokenId, surface: plan.surface };
    default:
      return { kind: plan.kind, tokenId };
  }
}

function operationsOf(plan: Plan, book: Book, real: Real): Operation[] {
  if (plan.kind !== 'race') return [operationOf(plan, book, real)].filter((o) => o !== undefined);
  const first = operationOf({ kind: 'update', token: plan.token, update: plan.update }, book, real);
  const other = operationOf(
    plan.other.kind === 'update'
      ? { kind: 'update', token: plan.token, update: plan.other.update }
      : { kind: plan.other.kind, token: plan.token },
    book,
    real,
  );
  return first && other ? [first, other] : [];
}

function callOf(operation: Operation): CmaCall {
  switch (operation.kind) {
    case 'create-token':
      return cmaCalls.createToken({ name: operation.name, ...operation.flags }, operation.roleId);
    case 'update':
      return {
        operationId: 'updateAccessToken',
        method: 'PUT',
        path: `/access_tokens/${operation.tokenId}`,
        body: operation.body,
      };
    case 'rotate':
      return cmaCalls.rotateToken(operation.tokenId);
    case 'delete-token':
      return destroy('access_token', operation.tokenId);
    case 'create-role':
      return cmaCalls.createRole(operation.name, {
        can_manage_access_tokens: operation.manages,
        environments_access: 'all',
      });
    case 'delete-role':
      return destroy('role', operation.roleId);
    case 'read':
      return cmaCalls.findToken(operation.tokenId);
    case 'probe':
      throw new Error('a probe is sent as the token, not as a CMA call of the run');
  }
}

/** A deletion that is a step of the experiment, not cleanup: it stops with the campaign. */
const destroy = (kind: ResourceKind, id: string): CmaCall => {
  const { purpose: _cleanup, ...call } = cmaCalls.remove(kind, id);
  return call;
};

async function send(operation: Operation, world: World): Promise<Exchange> {
  if (operation.kind === 'probe') return (await probe(world, operation.surface, operation.tokenId)).exchange;
  return world.target.cma(callOf(operation));
}

class Step implements Command {
  constructor(readonly plan: Plan) {}

  check(book: Book): boolean {
    if (this.plan.kind === 'create-token' || this.plan.kind === 'create-role') return true;
    return (this.plan.kind === 'delete-role' ? book.roles : book.tokens).length > 0;
  }

  async run(book: Book, real: Real): Promise<void> {
    const { world } = real;
    const operations = operationsOf(this.plan, book, real);
    if (operations.length === 0) return;
    const answers = await Promise.all(operations.map((operation) => send(operation, world)));
    const [operation] = operations;
    const oldSecret =
      operation?.kind === 'rotate' && answers[0]?.response.status === 200 && operations.length === 1
        ? (await probe(world, 'cma', operation.tokenId, { kind: 'token', tokenId: operation.tokenId, previous: true }))
            .exchange
        : undefined;
    const listing = await world.target.cma(cmaCalls.listTokens());
    const onRoles = operations.some((o) => o.kind === 'create-role' || o.kind === 'delete-role');
    const roles = onRoles ? await world.target.cma(cmaCalls.listRoles()) : undefined;
    const step: LifecycleStep = {
      operations,
      answers,
      ...(oldSecret ? { oldSecret } : {}),
      listing,
      ...(roles ? { roles } : {}),
    };
    real.steps.push(step);
    for (const [i, o] of operations.entries()) {
      const created = o.kind === 'create-token' || o.kind === 'create-role' ? answers[i] : undefined;
      const id = created && createdIdOf(created, o.kind === 'create-token' ? 'access_token' : 'role');
      if (id !== undefined) (o.kind === 'create-token' ? book.tokens : book.roles).push(id);
    }
    book.names = viewsOf(listing).map((t) => t.name);
    if (real.judge.judge(step)) throw new Diverged();
  }

  toString(): string {
    return describePlan(this.plan);
  }
}

const showUpdate = (u: UpdatePlan): string => {
  const name = u.name.kind === 'new' ? JSON.stringify(u.name.name) : `the name of listed token #${u.name.pick}`;
  const role = u.role === 'omitted' ? 'role omitted' : `role ${showRole(u.role)}`;
  return `${name}, ${flagText(u.flags)}, ${role}${u.breakage ? `, broken: ${u.breakage}` : ''}`;
};
const showRole = (r: RolePick): string =>
  r.kind === 'fixture' ? r.role : r.kind === 'created' ? `created #${r.pick}` : r.kind;

export function describePlan(plan: Plan): string {
  switch (plan.kind) {
    case 'create-token':
      return `create token (${showUpdate({ name: plan.name, flags: plan.flags, role: plan.role, breakage: undefined })})`;
    case 'update':
      return `update token #${plan.token} (${showUpdate(plan.update)})`;
    case 'race': {
      const other = plan.other.kind === 'update' ? `update (${showUpdate(plan.other.update)})` : plan.other.kind;
      return `race on token #${plan.token}: update (${showUpdate(plan.update)}) ∥ ${other}`;
    }
    case 'create-role':
      return `create role (${plan.manages ? 'manages' : 'cannot manage'} API tokens)`;
    case 'delete-role':
      return `delete created role #${plan.pick}`;
    case 'probe':
      return `probe ${plan.surface} with token #${plan.token}`;
    default:
      return `${plan.kind} token #${plan.token}`;
  }
}

const pick = fc.nat({ max: 7 });
const rolePick: fc.Arbitrary<RolePick> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom<RoleName>('manager', 'viewer').map((role): RolePick => ({ kind: 'fixture', role })),
  },
  { weight: 2, arbitrary: pick.map((p): RolePick => ({ kind: 'created', pick: p })) },
  { weight: 1, arbitrary: fc.constantFrom<RolePick>({ kind: 'deleted' }, { kind: 'token-id' }) },
);
const namePick: fc.Arbitrary<NamePick> = fc.oneof(
  { weight: 5, arbitrary: anyName.map((name): NamePick => ({ kind: 'new', name })) },
  { weight: 1, arbitrary: pick.map((p): NamePick => ({ kind: 'copy', pick: p })) },
);
const updatePlan: fc.Arbitrary<UpdatePlan> = fc.record({
  name: namePick,
  flags: tokenFlags,
  role: fc.oneof(fc.constant<'omitted'>('omitted'), rolePick),
  breakage: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Breakage>('wrong-type', 'missing-attribute', 'unknown-attribute', 'null-linkage'),
    },
  ),
});
const surface = fc.constantFrom<Surface>('cma', 'cma-write', 'cda', 'cda-preview', 'secrets');
const raceOther: fc.Arbitrary<RaceOther> = fc.oneof(
  updatePlan.map((update) => ({ kind: 'update' as const, update })),
  fc.constantFrom<RaceOther>({ kind: 'rotate' }, { kind: 'delete-token' }, { kind: 'read' }),
);

/** Every kind of step, weighted towards creating and updating tokens. */
export const PLANS: fc.Arbitrary<Plan>[] = [
  fc.record({ kind: fc.constant('create-token'), name: namePick, flags: tokenFlags, role: rolePick }),
  fc.record({ kind: fc.constant('update'), token: pick, update: updatePlan }),
  fc.record({ kind: fc.constant('update'), token: pick, update: updatePlan }),
  fc.record({ kind: fc.constant('rotate'), token: pick }),
  fc.record({ kind: fc.constant('delete-token'), token: pick }),
  fc.record({ kind: fc.constant('create-role'), manages: fc.boolean() }),
  fc.record({ kind: fc.constant('delete-role'), pick }),
  fc.record({ kind: fc.constant('read'), token: pick }),
  fc.record({ kind: fc.constant('probe'), token: pick, surface }),
  fc.record({ kind: fc.constant('race'), token: pick, update: updatePlan, other: raceOther }),
] as fc.Arbitrary<Plan>[];

/** A sequence: a token created first, then the steps fast-check drew (and shrinks). */
export interface Sequence {
  first: Step;
  rest: Iterable<Command>;
}

/**
 * Random sequences of up to `steps.max` steps after a first creation; the judge built by `model`
 * for the sequence's start compares every step with the model. fast-check shrinks a sequence by
 * the steps that ran, so replaying one needs their record too (`replayPath`).
 */
export function lifecycleScenario(
  name: string,
  model: (start: LifecycleStart) => LifecycleJudge,
  steps: { max: number; replayPath?: string },
): Scenario<Sequence, LifecycleObservation> {
  const firstToken = PLANS[0] as fc.Arbitrary<Plan>;
  const commands = fc.commands(
    PLANS.map((plan) => plan.map((p): Command => new Step(p))),
    { maxCommands: steps.max, ...(steps.replayPath === undefined ? {} : { replayPath: steps.replayPath }) },
  );
  const describe = (c: Sequence) => [c.first, ...c.rest].map(String).join('; ');
  return {
    name,
    cases: () => fc.record({ first: firstToken.map((p) => new Step(p)), rest: commands }),
    replayState: (c) => /replayPath="([^"]*)"/.exec(String(c.rest))?.[1],
    run: async (world, c) => {
      const start: LifecycleStart = {
        prefix: world.prefix,
        roles: world.ids.roles,
        deletedRoleId: world.ids.unknownRoleId,
        listing: await world.target.cma(cmaCalls.listTokens()),
        roleListing: await world.target.cma(cmaCalls.listRoles()),
      };
      const real: Real = { world, start, judge: model(start), steps: [] };
      const book: Book = { tokens: [], roles: [], names: viewsOf(start.listing).map((t) => t.name) };
      try {
        await fc.asyncModelRun(() => ({ model: book, real }), [c.first, ...c.rest]);
      } catch (error) {
        if (!(error instanceof Diverged)) throw error;
      } finally {
        for (const id of book.tokens) await world.target.cma(cmaCalls.remove('access_token', id));
        for (const id of book.roles) await world.target.cma(cmaCalls.remove('role', id));
      }
      return {
        start,
        steps: real.steps,
        commands: describe(c),
        exchanges: [
          start.listing,
          start.roleListing,
          ...real.steps.flatMap((s) => [...s.answers, ...(s.oldSecret ? [s.oldSecret] : []), s.listing]),
        ],
      };
    },
    describe,
  };
}
