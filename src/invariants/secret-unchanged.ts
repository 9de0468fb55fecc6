import { CITED } from '../spec/index.ts';
import { updateScenario, viewOf, type UpdateObservation } from '../scenarios/index.ts';
import { defineInvariant } from './types.ts';

export default defineInvariant({
  id: 'secret-unchanged',
  title: "An update never changes the token's secret",
  doc: CITED.secretUnaffected,
  violations: { 'secret-changed': CITED.secretUnaffected },
  killedBy: ['secret-rotates-on-update', 'secret-rotates-on-cma-grant'],
  scenario: () => updateScenario('updates of an owned token', { targets: ['owned'], bodies: 'any' }),
  check(o: UpdateObservation, _oracle, fail) {
    const before = o.targetBefore?.secret;
    if (!before) return undefined;
    const seen = [
      { where: 'the update response', value: viewOf(o.update)?.secret, exchange: o.update },
      { where: 'the next read', value: viewOf(o.read)?.secret, exchange: o.read },
    ];
    for (const { where, value, exchange } of seen) {
      if (value !== undefined && value !== null && value !== before)
        return fail('secret-changed', `the secret changed: ${before} before, ${value} in ${where}`, [
          exchange,
          o.update,
        ]);
    }
    return undefined;
  },
});
