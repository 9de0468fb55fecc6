import type { UpdateCase } from '../generate/index.ts';
import { probe, type Probe } from './probes.ts';
import type { Observation, Scenario } from './scenario.ts';
import { cmaCalls, type Exchange } from '../target/index.ts';
import { observeUpdate, updateScenario, type UpdateObservation } from './update.ts';
import { sameWritableState } from './views.ts';
import type { World } from './world.ts';

export interface RotationCheck {
  rotate: Exchange;
  /** A CDA call with the secret from before the rotation (must be refused); none if the rotation failed. */
  oldSecret: Probe | undefined;
  /** The same call with the new secret (must be allowed, like before). */
  newSecret: Probe | undefined;
}

export interface HardcodedObservation extends UpdateObservation {
  /** Only on the suite's own mock: a real project's factory token is never rotated. */
  rotation: RotationCheck | undefined;
  /** On a real project, the PUT that put back the factory token's values if the server changed them. */
  restore: Exchange | undefined;
}

/** An update of a factory token; on the mock, then a rotation of it ("they can still be rotated"). */
export function hardcodedScenario(name: string): Scenario<UpdateCase, HardcodedObservation> {
  const updates = updateScenario(name, { targets: ['hardcoded'], bodies: 'any' });
  return {
    ...updates,
    run: async (world, c) => {
      const observation = await observeUpdate(world, c);
      if (!world.target.info.disposable)
        return { ...observation, rotation: undefined, restore: await restoreIfChanged(world, observation) };
      const tokenId = observation.request.targetId;
      const rotate = await world.target.cma({
        ...cmaCalls.rotateToken(tokenId),
        unownedWriteReason: 'rotation of a factory token of a disposable target',
      });
      if (rotate.response.status !== 200)
        return {
          ...observation,
          rotation: { rotate, oldSecret: undefined, newSecret: undefined },
          restore: undefined,
          exchanges: [...observation.exchanges, rotate],
        };
      const oldSecret = await probe(world, 'cda', tokenId, { kind: 'token', tokenId, previous: true });
      const newSecret = await probe(world, 'cda', tokenId);
      const rotation = { rotate, oldSecret, newSecret };
      return {
        ...observation,
        rotation,
        restore: undefined,
        exchanges: [...observation.exchanges, rotate, oldSecret.exchange, newSecret.exchange],
      } satisfies Observation & HardcodedObservation;
    },
  };
}

/** A buggy server may have applied the no-op anyway, and changed something: put the values back. */
async function restoreIfChanged(world: World, o: UpdateObservation): Promise<Exchange | undefined> {
  const before = o.targetBefore;
  const after = o.after.tokens.find((t) => t.id === o.request.targetId);
  if (!before || !after) return undefined;
  if (sameWritableState(before, after)) return undefined;
  const { name, can_access_cda, can_access_cda_preview, can_access_cma } = before;
  return world.restore(
    before.id,
    { name, can_access_cda, can_access_cda_preview, can_access_cma },
    before.roleId,
    'restoring a factory token the server changed',
  );
}
