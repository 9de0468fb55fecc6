import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe } from 'vitest';
import { COMMANDS, type Real, type TokenModel } from './support/model.ts';
import { FUZZ_RUNS, suite } from './support/harness.ts';

const s = await suite();

// Model-based: any sequence of updates, rotations, probes, reads and refused writes must keep the
// target and a trivial model (flags, role, secret) in agreement after every step.
describe('the token lifecycle, against a model', () => {
  test.prop([fc.commands(COMMANDS, { maxCommands: 12 })], { numRuns: Math.max(10, Math.round(FUZZ_RUNS / 4)) })(
    'updates, rotations, probes and refused writes keep the target and the model in agreement',
    async (commands) => {
      const setup = async () => {
        await s.world.resetSubject({
          name: 'model',
          flags: { can_access_cda: true, can_access_cda_preview: true, can_access_cma: true },
          role: 'viewer',
        });
        const { view } = await s.world.read(s.world.ids.subject);
        const model: TokenModel = {
          name: view?.name ?? '',
          flags: { can_access_cda: true, can_access_cda_preview: true, can_access_cma: true },
          role: 'viewer',
          secret: view?.secret ?? '',
        };
        const real: Real = { world: s.world, oracle: s.oracle };
        return { model, real };
      };
      await fc.asyncModelRun(setup, commands);
    },
  );
});
