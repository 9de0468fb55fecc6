import { hardcodedScenario, type HardcodedObservation } from '../scenarios/index.ts';
import { differences } from './compare.ts';
import { expectationFor } from './expectation.ts';
import { describeChoices, describeOutcome, outcomeOf, refusedAs } from './outcome.ts';
import { defineInvariant, UPDATE_DOC } from './types.ts';

export default defineInvariant({
  id: 'hardcoded-rejected',
  title:
    'An update of a factory token is rejected with NON_EDITABLE_ACCESS_TOKEN and changes nothing; the token can still be rotated',
  doc: {
    quote:
      "The project's built-in factory tokens (those whose `attributes.hardcoded_type` is non-null) reject this endpoint with `NON_EDITABLE_ACCESS_TOKEN`. They can still be deleted or rotated.",
    url: UPDATE_DOC,
  },
  killedBy: ['hardcoded-editable', 'hardcoded-rejected-but-applied', 'hardcoded-wrong-code', 'hardcoded-not-rotatable'],
  skipReason: (world) => (world.ids.factoryTokens.length === 0 ? 'the project has no factory token' : undefined),
  scenario: () => hardcodedScenario('updates of a factory token'),
  check(o: HardcodedObservation, oracle) {
    const expectation = expectationFor(o, oracle);
    const outcome = outcomeOf(o.update);
    if (!refusedAs(outcome, expectation.refusals)) {
      return {
        message: `expected ${describeChoices(expectation.refusals)}, got ${describeOutcome(outcome)}`,
        exchanges: [o.update],
      };
    }
    const before = o.targetBefore;
    const after = o.after.tokens.find((t) => t.id === o.request.targetId);
    if (before && after) {
      const changed = differences(before, after);
      const restored = o.restore ? ` (the suite put its values back: ${o.restore.response.status})` : '';
      if (changed.length > 0)
        return {
          message: `the refused update still changed the factory token — ${changed.join('; ')}${restored}`,
          exchanges: [o.update, o.after.exchange],
        };
    }
    if (o.rotation) {
      const { rotate, oldSecret, newSecret } = o.rotation;
      if (outcomeOf(rotate).kind !== 'applied')
        return {
          message: `rotating the factory token was refused: ${describeOutcome(outcomeOf(rotate))}`,
          exchanges: [rotate],
        };
      if (oldSecret && oldSecret.outcome !== 'refused')
        return {
          message: `the secret from before the rotation still works (${oldSecret.exchange.response.status})`,
          exchanges: [rotate, oldSecret.exchange],
        };
      if (newSecret && newSecret.outcome !== 'allowed' && before?.can_access_cda) {
        return {
          message: `the rotated secret does not work (${newSecret.exchange.response.status})`,
          exchanges: [rotate, newSecret.exchange],
        };
      }
    }
    return undefined;
  },
});
