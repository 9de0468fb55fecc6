import { CITED } from '../spec/index.ts';
import { updateBatchScenario, type UpdateBatchObservation } from '../scenarios/index.ts';
import { REFUSAL_VIOLATIONS, refusedUnchanged } from './refusal.ts';
import { defineInvariant } from './types.ts';

export default defineInvariant({
  id: 'invalid-rejected-unchanged',
  title: 'An invalid update is refused with a DatoCMS error and changes nothing at all',
  doc: CITED.failsOutside2xx,
  violations: REFUSAL_VIOLATIONS,
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
  check(o: UpdateBatchObservation, oracle, fail) {
    for (const step of o.steps) {
      const violation = refusedUnchanged(step, oracle, fail);
      if (violation) return violation;
    }
    return undefined;
  },
});
