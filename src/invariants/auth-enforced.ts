import { updateScenario, type UpdateObservation } from '../scenarios/index.ts';
import { projectChanges } from './compare.ts';
import { expectationFor } from './expectation.ts';
import { describeChoices, describeOutcome, outcomeOf, refusedAs } from './outcome.ts';
import { defineInvariant, TOKEN_DOC } from './types.ts';

export default defineInvariant({
  id: 'auth-enforced',
  title:
    'A missing or invalid credential, or a role that may not manage API tokens, is refused and changes nothing, even on its own token',
  doc: {
    quote: 'A Role that defines what actions are permitted (the same Role resource used for human collaborators).',
    url: TOKEN_DOC,
  },
  killedBy: ['update-skips-permission-check', 'update-skips-cma-flag', 'self-update-allowed'],
  scenario: () =>
    updateScenario('updates by weak or missing credentials', {
      targets: ['owned', 'self'],
      callers: ['none', 'invalid', 'no-manage', 'no-cma'],
      bodies: 'valid',
      names: 'accepted',
    }),
  check(o: UpdateObservation, oracle) {
    const expectation = expectationFor(o, oracle);
    const outcome = outcomeOf(o.update);
    if (!refusedAs(outcome, expectation.refusals)) {
      return {
        message: `an update as ${o.update.credential} must be refused with ${describeChoices(expectation.refusals)}; got ${describeOutcome(outcome)}`,
        exchanges: [o.update],
      };
    }
    const changes = projectChanges(o.before.tokens, o.after.tokens);
    if (changes.length > 0)
      return {
        message: `the refused update as ${o.update.credential} still changed the project — ${changes.join('; ')}`,
        exchanges: [o.update, o.after.exchange],
      };
    return undefined;
  },
});
