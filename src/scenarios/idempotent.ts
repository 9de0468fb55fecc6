import { updateCaseFeatures, updateCases, type UpdateCase } from '../generate/index.ts';
import type { Exchange } from '../target/index.ts';
import { resolveUpdate, type ResolvedUpdate } from './resolve.ts';
import type { Observation, Scenario } from './scenario.ts';
import { describeUpdate } from './update.ts';

export interface IdempotenceObservation extends Observation {
  case: UpdateCase;
  request: ResolvedUpdate;
  first: Exchange;
  firstRead: Exchange;
  second: Exchange;
  secondRead: Exchange;
}

/** The same valid update sent twice, each followed by a read. */
export function idempotenceScenario(name: string): Scenario<UpdateCase, IdempotenceObservation> {
  return {
    name,
    cases: (ctx) => updateCases(ctx.updateSchema, ctx.validate, { bodies: 'valid' }),
    run: async (world, c) => {
      await world.resetSubject(c.start);
      const current = (await world.read(world.ids.subject)).view;
      const request = resolveUpdate(c, world, current);
      const put = () =>
        world.target.cma({ method: 'PUT', path: request.path, body: request.body, contentType: request.contentType });
      const first = await put();
      const firstRead = await world.target.cma({ method: 'GET', path: request.path });
      const second = await put();
      const secondRead = await world.target.cma({ method: 'GET', path: request.path });
      return {
        case: c,
        request,
        first,
        firstRead,
        second,
        secondRead,
        exchanges: [first, firstRead, second, secondRead],
      };
    },
    describe: (c) => `${describeUpdate(c)}, sent twice`,
    features: updateCaseFeatures,
  };
}
