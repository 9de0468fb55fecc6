import { updateCases, type UpdateCase, type UpdateCaseConstraints } from '../generate/index.ts';
import type { Exchange } from '../target/index.ts';
import { noOpBody, resolveUpdate, targetIdOf, type ResolvedUpdate } from './resolve.ts';
import type { CaseContext, Observation, Scenario } from './scenario.ts';
import type { Snapshot, TokenView } from './views.ts';
import type { World } from './world.ts';

/** One update, seen from before to after: the project before, the PUT, the next read, the project after. */
export interface UpdateObservation extends Observation {
  case: UpdateCase;
  request: ResolvedUpdate;
  /** Ids of the run, to tell roles and tokens apart. */
  ids: World['ids'];
  before: Snapshot;
  /** The target as it was, when it exists. */
  targetBefore: TokenView | undefined;
  update: Exchange;
  /** GET of the target right after the update (read-your-writes). */
  read: Exchange;
  after: Snapshot;
}

/** Runs one update case against the world. Shared by every scenario that starts with an update. */
export async function observeUpdate(world: World, c: UpdateCase): Promise<UpdateObservation> {
  if (c.target === 'owned') await world.resetSubject(c.start);
  const before = await world.snapshot();
  const targetId = targetIdOf(c, world);
  const targetBefore = before.tokens.find((t) => t.id === targetId);
  const request = resolveUpdate(c, world, targetBefore);
  // A real project's factory token only ever gets its own current values: even a buggy server changes nothing.
  const noOp = c.target === 'hardcoded' && !world.target.disposable && targetBefore !== undefined;
  const body = noOp ? noOpBody(targetBefore) : request.body;
  const sent: ResolvedUpdate = noOp
    ? { ...request, body, rawBody: undefined, contentType: 'application/json' }
    : request;
  const update = await world.target.cma({
    method: 'PUT',
    path: sent.path,
    ...(sent.rawBody === undefined ? { body: sent.body } : { rawBody: sent.rawBody }),
    credential: sent.credential,
    contentType: sent.contentType,
    ...(c.target === 'hardcoded' ? { unownedWriteReason: 'hardcoded-token probe' } : {}),
  });
  const read = await world.target.cma({ method: 'GET', path: sent.path });
  const after = await world.snapshot();
  return {
    case: c,
    request: sent,
    ids: structuredClone(world.ids),
    before,
    targetBefore,
    update,
    read,
    after,
    exchanges: [before.exchange, update, read, after.exchange],
  };
}

/** Update cases under constraints (which targets, callers, bodies). */
export function updateScenario(
  name: string,
  constraints: UpdateCaseConstraints,
): Scenario<UpdateCase, UpdateObservation> {
  return {
    name,
    cases: (ctx: CaseContext) => updateCases(ctx.updateSchema, ctx.validate, withoutMissingTargets(constraints, ctx)),
    run: observeUpdate,
    describe: (c) => describeUpdate(c),
  };
}

/** A project without factory tokens has no hardcoded target to address. */
export function withoutMissingTargets(constraints: UpdateCaseConstraints, ctx: CaseContext): UpdateCaseConstraints {
  if (ctx.factoryTokens) return constraints;
  const targets = (constraints.targets ?? ['owned']).filter((t) => t !== 'hardcoded');
  return { ...constraints, targets: targets.length > 0 ? targets : ['owned'] };
}

export function describeUpdate(c: UpdateCase): string {
  const body = c.mutation ? `a body with ${c.mutation}` : 'a valid body';
  return `PUT on the ${c.target} token as ${c.caller}, ${body}`;
}
