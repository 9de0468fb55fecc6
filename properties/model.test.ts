import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { afterAll, beforeAll, describe } from 'vitest';
import { embeddedTarget } from '../src/embedded/index.ts';
import { World } from '../src/scenarios/index.ts';
import { loadContract, resolveAssumptions } from '../src/spec/index.ts';
import type { Target } from '../src/target/index.ts';
import { SEED } from './support/campaign.ts';
import { COMMANDS, type Real, type TokenModel } from './support/model.ts';

let target: Target;
let real: Real;
beforeAll(async () => {
  target = await embeddedTarget();
  real = {
    world: await World.create(target),
    oracle: { contract: await loadContract(), assumptions: resolveAssumptions(), strict: false },
  };
});
afterAll(async () => {
  await real.world.dispose();
  await target.close();
});

const FLAGS_ON = { can_access_cda: true, can_access_cda_preview: true, can_access_cma: true };

// Model-based: any sequence of updates, rotations, probes, reads and refused writes must keep the
// target and a trivial model (flags, role, secret) in agreement after every step.
describe('the token lifecycle, against a model', () => {
  test.prop([fc.commands(COMMANDS, { maxCommands: 12 })], { numRuns: 25, seed: SEED })(
    'updates, rotations, probes and refused writes keep the target and the model in agreement',
    async (commands) => {
      const setup = async () => {
        await real.world.resetSubject({ name: 'model', flags: FLAGS_ON, role: 'viewer' });
        const { view } = await real.world.read(real.world.ids.subject);
        const model: TokenModel = {
          name: view?.name ?? '',
          flags: FLAGS_ON,
          role: 'viewer',
          secret: view?.secret ?? '',
        };
        return { model, real };
      };
      await fc.asyncModelRun(setup, commands);
    },
  );
});
