import { updateBatchScenario, type UpdateBatchObservation, type UpdateStep } from '../scenarios/index.ts';
import { projectChanges } from './compare.ts';
import { expectationFor } from './expectation.ts';
import { describeChoices, describeOutcome, outcomeOf, refusedAs } from './outcome.ts';
import { defineInvariant, ERRORS_DOC, type OracleContext, type Violation } from './types.ts';

export default defineInvariant({
  id: 'invalid-rejected-unchanged',
  title: 'An invalid update gets a documented 4xx error and changes nothing at all',
  doc: {
    quote:
      'When an Content Management API endpoint fails for any reason, it will return an HTTP status code outside the 2xx range.',
    url: ERRORS_DOC,
  },
  killedBy: [
    'invalid-update-partly-applied',
    'unknown-attributes-accepted',
    'null-role-accepted',
    'deleted-token-updatable',
    'body-id-wins',
    'error-document-malformed',
  ],
  // Broken bodies on the owned token; valid ones on tokens that do not exist (an invalid body there is refused
  // anyway). One reason to refuse per case, so that no other correct refusal hides the one under test.
  scenario: () =>
    updateBatchScenario('invalid updates', {
      targets: ['owned', 'owned', 'owned', 'owned', 'unknown', 'deleted'],
      bodies: { owned: 'invalid', unknown: 'valid', deleted: 'valid' },
      names: 'accepted',
    }),
  check(o: UpdateBatchObservation, oracle) {
    for (const step of o.steps) {
      const violation = refusedUnchanged(step, oracle);
      if (violation) return violation;
    }
    return undefined;
  },
});

/** One step of the batch: refused as the contract says, and nothing changed. */
function refusedUnchanged(o: UpdateStep, oracle: OracleContext): Violation | undefined {
  // Chosen from the concrete request: a mutation that shrank into a valid body is not judged here.
  const expectation = expectationFor(o, oracle);
  if (expectation.mayApply) return undefined;
  const outcome = outcomeOf(o.update);
  const why = expectation.reasons
    .filter((r) => r.certain)
    .map((r) => r.why)
    .join(', ');
  if (!refusedAs(outcome, expectation.refusals)) {
    return {
      message: `a request with ${why} must be refused with ${describeChoices(expectation.refusals)}; got ${describeOutcome(outcome)}`,
      exchanges: [o.update],
    };
  }
  const changes = projectChanges(o.before.tokens, o.after.tokens);
  if (changes.length > 0)
    return {
      message: `the refused request (${why}) still changed the project — ${changes.join('; ')}`,
      exchanges: [o.update, o.after.exchange],
    };
  return undefined;
}
