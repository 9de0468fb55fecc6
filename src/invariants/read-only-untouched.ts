import { CITED } from '../spec/index.ts';
import { updateScenario, type TokenView, type UpdateObservation } from '../scenarios/index.ts';
import { show } from './compare.ts';
import { defineInvariant } from './types.ts';

// How each read-only attribute of the body shows in a token view.
const READ_ONLY: Record<string, (view: TokenView) => unknown> = {
  hardcoded_type: (v) => v.hardcoded_type,
  last_cma_access: (v) => v.last_cma_access,
  last_cda_access: (v) => v.last_cda_access,
};

export default defineInvariant({
  id: 'read-only-untouched',
  title: 'hardcoded_type, last_*_access and the secret cannot be written through the update body',
  doc: CITED.readOnly,
  violations: { 'secret-written': CITED.secretUnaffected, 'read-only-written': CITED.readOnly },
  killedBy: ['read-only-attributes-written'],
  scenario: () =>
    updateScenario('attempts at writing read-only attributes', {
      targets: ['owned'],
      bodies: 'invalid',
      readOnlyAttempts: true,
      names: 'accepted',
    }),
  check(o: UpdateObservation, _oracle, fail) {
    const before = o.targetBefore;
    const after = o.after.tokens.find((t) => t.id === o.request.targetId);
    const attempted = o.request.sent.attributes ?? {};
    if (!before || !after) return undefined;
    if ('token' in attempted && after.secret !== before.secret)
      return fail(
        'secret-written',
        `sending attributes.token changed the secret (${before.secret} → ${after.secret})`,
        [o.update, o.after.exchange],
      );
    for (const [attribute, read] of Object.entries(READ_ONLY)) {
      if (!(attribute in attempted)) continue;
      const value = attempted[attribute];
      if (read(after) === value && read(before) !== value)
        return fail(
          'read-only-written',
          `${attribute} was written through the body: ${show(read(before))} → ${show(value)}`,
          [o.update, o.after.exchange],
        );
    }
    return undefined;
  },
});
