import { CITED } from '../spec/index.ts';
import { hardcodedScenario, type HardcodedObservation } from '../scenarios/index.ts';
import { differences } from './compare.ts';
import { expectationFor } from './expectation.ts';
import { describeOutcome, outcomeOf } from './outcome.ts';
import { defineInvariant } from './types.ts';

export default defineInvariant({
  id: 'hardcoded-rejected',
  title:
    'An update of a factory token is rejected with NON_EDITABLE_ACCESS_TOKEN and changes nothing; the token can still be rotated',
  doc: CITED.factoryRejected,
  violations: {
    'factory-token-updated': CITED.factoryRejected,
    'wrong-refusal': CITED.factoryRejected,
    'refused-but-changed': CITED.notApplied,
    'rotation-refused': CITED.factoryRejected,
    'old-secret-works': CITED.oldSecretRefused,
    'new-secret-fails': CITED.rotationKeepsTheRest,
  },
  killedBy: ['hardcoded-editable', 'hardcoded-rejected-but-applied', 'hardcoded-wrong-code', 'hardcoded-not-rotatable'],
  skipReason: (world) => (world.ids.factoryTokens.length === 0 ? 'the project has no factory token' : undefined),
  scenario: () => hardcodedScenario('updates of a factory token'),
  check(o: HardcodedObservation, oracle, fail) {
    const expectation = expectationFor(o, oracle);
    const outcome = outcomeOf(o.update);
    if (outcome.kind === 'applied')
      return fail(
        'factory-token-updated',
        `expected a refusal with ${expectation.acceptable}, got ${describeOutcome(outcome)}`,
        [o.update],
      );
    if (!expectation.accepts(outcome))
      return fail(
        'wrong-refusal',
        `expected a refusal with ${expectation.acceptable}, got ${describeOutcome(outcome)}`,
        [o.update],
      );
    const before = o.targetBefore;
    const after = o.after.tokens.find((t) => t.id === o.request.targetId);
    if (before && after) {
      const changed = differences(before, after);
      const restored = o.restore ? ` (the suite put its values back: ${o.restore.response.status})` : '';
      if (changed.length > 0)
        return fail(
          'refused-but-changed',
          `the refused update still changed the factory token — ${changed.join('; ')}${restored}`,
          [o.update, o.after.exchange],
        );
    }
    if (!o.rotation) return undefined;
    const { rotate, oldSecret, newSecret } = o.rotation;
    if (outcomeOf(rotate).kind !== 'applied')
      return fail('rotation-refused', `rotating the factory token was refused: ${describeOutcome(outcomeOf(rotate))}`, [
        rotate,
      ]);
    if (oldSecret && oldSecret.outcome !== 'refused')
      return fail(
        'old-secret-works',
        `the secret from before the rotation still works (${oldSecret.exchange.response.status})`,
        [oldSecret.exchange, rotate],
      );
    if (newSecret && newSecret.outcome !== 'allowed' && before?.can_access_cda)
      return fail('new-secret-fails', `the rotated secret does not work (${newSecret.exchange.response.status})`, [
        newSecret.exchange,
        rotate,
      ]);
    return undefined;
  },
});
