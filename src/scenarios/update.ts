import fc from 'fast-check';
import { readTokenBody, type WritableTokenAttributes } from '../spec/index.ts';
import {
  showMutation,
  updateCaseFeatures,
  updateCases,
  type UpdateCase,
  type UpdateCaseConstraints,
} from '../generate/index.ts';
import type { Exchange } from '../target/index.ts';
import { noOpBody, resolveUpdate, targetIdOf, type ResolvedUpdate } from './resolve.ts';
import type { CaseContext, Observation, Scenario } from './scenario.ts';
import { probe, type Probe } from './probes.ts';
import { viewOf, type Snapshot, type TokenView } from './views.ts';
import type { World } from './world.ts';

/** One update, seen from before to after: the project before, the PUT, the project after. */
export interface UpdateStep extends Observation {
  case: UpdateCase;
  request: ResolvedUpdate;
  /** Ids of the run, to tell roles and tokens apart. */
  ids: World['ids'];
  before: Snapshot;
  /** The target as it was, when it exists. */
  targetBefore: TokenView | undefined;
  update: Exchange;
  after: Snapshot;
}

/** An update step with the read of the target made right after the PUT, before anything else. */
export interface UpdateObservation extends UpdateStep {
  /** GET of the target right after the update (read-your-writes). */
  read: Exchange;
}

/** An update of a token that had made calls first, and what the token could do after it. */
export interface FramedUpdateObservation extends UpdateObservation {
  /** Calls the token made before the update, so that its `last_*_access` carry values worth keeping. */
  uses: Probe[];
  /** After an accepted update: the token's own state sent again (it must still be updatable)… */
  again: Exchange | undefined;
  /** …and a call on a surface its new flags allow (it must still be usable). */
  usable: Probe | undefined;
}

/** Runs one update case against the world. Shared by every scenario that starts with an update. */
export async function observeUpdate(
  world: World,
  c: UpdateCase,
  prepare?: (tokenId: string) => Promise<unknown>,
): Promise<UpdateObservation> {
  if (c.target === 'owned') await world.resetSubject(c.start);
  if (prepare) await prepare(targetIdOf(c, world));
  const before = await world.snapshot();
  const { request, targetBefore, update } = await sendUpdate(world, c, before);
  const read = await world.target.cma({ method: 'GET', path: request.path });
  const after = await world.snapshot();
  if (c.target === 'self') await world.restoreCaller(request.targetId, after);
  return {
    case: c,
    request,
    ids: structuredClone(world.ids),
    before,
    targetBefore,
    update,
    read,
    after,
    exchanges: [before.exchange, update, read, after.exchange],
  };
}

/** The PUT of one case, resolved against the project as it is (`before`). */
async function sendUpdate(
  world: World,
  c: UpdateCase,
  before: Snapshot,
): Promise<{ request: ResolvedUpdate; targetBefore: TokenView | undefined; update: Exchange }> {
  const targetId = targetIdOf(c, world);
  const targetBefore = before.tokens.find((t) => t.id === targetId);
  const request = resolveUpdate(c, world, targetBefore);
  // A real project's factory token only ever gets its own current values: even a buggy server changes nothing.
  const noOp = c.target === 'hardcoded' && !world.target.info.disposable && targetBefore !== undefined;
  const body = noOp ? noOpBody(targetBefore) : request.body;
  const sent: ResolvedUpdate = noOp
    ? { ...request, body, rawBody: undefined, sent: readTokenBody(body), contentType: 'application/json' }
    : request;
  const update = await world.target.cma({
    method: 'PUT',
    path: sent.path,
    ...(sent.rawBody === undefined ? { body: sent.body } : { rawBody: sent.rawBody }),
    credential: sent.credential,
    contentType: sent.contentType,
    ...(c.target === 'hardcoded' ? { unownedWriteReason: 'hardcoded-token probe' } : {}),
  });
  return { request: sent, targetBefore, update };
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
    features: updateCaseFeatures,
  };
}

/**
 * Valid updates of the owned token after it has called the CMA and the CDA; then, when the update
 * was applied, the token's state as read sent again, and one call it is now allowed to make.
 */
export function framedUpdateScenario(name: string): Scenario<UpdateCase, FramedUpdateObservation> {
  const updates = updateScenario(name, { targets: ['owned'], bodies: 'valid', relationships: 'any' });
  return {
    ...updates,
    run: async (world, c) => {
      const uses: Probe[] = [];
      const o = await observeUpdate(world, c, async (tokenId) => {
        for (const surface of ['cma', 'cda'] as const) uses.push(await probe(world, surface, tokenId));
      });
      const read = viewOf(o.read);
      const applied = o.update.response.status >= 200 && o.update.response.status < 300 && read !== undefined;
      const again = applied ? await world.update(read.id, writableOf(read), read.roleId) : undefined;
      const surface = read?.can_access_cma ? 'cma' : read?.can_access_cda ? 'cda' : undefined;
      const usable = applied && surface ? await probe(world, surface, read.id) : undefined;
      const later = [again, usable?.exchange].filter((e) => e !== undefined);
      return {
        ...o,
        uses,
        again,
        usable,
        exchanges: [...uses.map((u) => u.exchange), ...o.exchanges, ...later],
      };
    },
  };
}

const writableOf = (view: TokenView): WritableTokenAttributes => ({
  name: view.name,
  can_access_cda: view.can_access_cda,
  can_access_cda_preview: view.can_access_cda_preview,
  can_access_cma: view.can_access_cma,
});

/** Several updates in a row from one start, each judged from the project the previous one left. */
export interface UpdateBatchObservation extends Observation {
  steps: UpdateStep[];
}

/**
 * Up to `size.max` update cases one after the other, the owned token reset once (to the first
 * case's start). Each step is the PUT and a listing of the project; when one fails, fast-check
 * shrinks the batch to it. For refusals, which change nothing, a case costs 2 requests instead of
 * 5: a small budget (6 runs on staging) reaches more of the ways a body can be broken.
 */
export function updateBatchScenario(
  name: string,
  constraints: UpdateCaseConstraints,
  size = { min: 1, max: 6 },
): Scenario<UpdateCase[], UpdateBatchObservation> {
  return {
    name,
    cases: (ctx) =>
      // Each step of a batch tries another way to be refused: a repeat would only cost requests.
      fc.uniqueArray(updateCases(ctx.updateSchema, ctx.validate, withoutMissingTargets(constraints, ctx)), {
        minLength: size.min,
        maxLength: size.max,
        selector: (c) => c.mutation?.kind ?? c.target,
      }),
    run: async (world, cases) => {
      const start = cases[0]?.start;
      if (start) await world.resetSubject(start);
      let before = await world.snapshot();
      const steps: UpdateStep[] = [];
      const exchanges = [before.exchange];
      for (const c of cases) {
        const { request, targetBefore, update } = await sendUpdate(world, { ...c, start: start ?? c.start }, before);
        const after = await world.snapshot();
        const step = { case: c, request, ids: structuredClone(world.ids), before, targetBefore, update, after };
        steps.push({ ...step, exchanges: [before.exchange, update, after.exchange] });
        exchanges.push(update, after.exchange);
        before = after;
      }
      return { steps, exchanges };
    },
    describe: (cases) => cases.map(describeUpdate).join('; then '),
    features: (cases) => cases.flatMap(updateCaseFeatures),
  };
}

/** A project without factory tokens has no hardcoded target to address. */
export function withoutMissingTargets(constraints: UpdateCaseConstraints, ctx: CaseContext): UpdateCaseConstraints {
  if (ctx.factoryTokens) return constraints;
  const targets = (constraints.targets ?? ['owned']).filter((t) => t !== 'hardcoded');
  return { ...constraints, targets: targets.length > 0 ? targets : ['owned'] };
}

export function describeUpdate(c: UpdateCase): string {
  const body = c.mutation ? `a body with ${showMutation(c.mutation)}` : 'a valid body';
  const token = c.target === 'self' ? "caller's own" : c.target;
  return `PUT on the ${token} token as ${c.caller}, ${body}`;
}
