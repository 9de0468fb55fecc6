import { isPlainObject } from '../spec/index.ts';
import { updateScenario, type TokenView, type UpdateObservation } from '../scenarios/index.ts';
import { show } from './compare.ts';
import { defineInvariant, TOKEN_DOC } from './types.ts';

// How each read-only attribute of the body shows in a token view.
const READ_ONLY: Record<string, (view: TokenView) => unknown> = {
  hardcoded_type: (v) => v.hardcodedType,
  last_cma_access: (v) => v.lastCmaAccess,
  last_cda_access: (v) => v.lastCdaAccess,
};

export default defineInvariant({
  id: 'read-only-untouched',
  title: 'hardcoded_type, last_*_access and the secret cannot be written through the update body',
  doc: { quote: 'Read-only attribute.', url: TOKEN_DOC },
  killedBy: ['read-only-attributes-written'],
  scenario: () =>
    updateScenario('attempts at writing read-only attributes', {
      targets: ['owned'],
      bodies: 'invalid',
      readOnlyAttempts: true,
      names: 'accepted',
    }),
  check(o: UpdateObservation) {
    const before = o.targetBefore;
    const after = o.after.tokens.find((t) => t.id === o.request.targetId);
    const data = isPlainObject(o.request.body) && isPlainObject(o.request.body.data) ? o.request.body.data : {};
    const attempted = isPlainObject(data.attributes) ? data.attributes : {};
    if (!before || !after) return undefined;
    if ('token' in attempted && after.secret !== before.secret) {
      return {
        message: `sending attributes.token changed the secret (${before.secret} → ${after.secret})`,
        exchanges: [o.update, o.after.exchange],
      };
    }
    for (const [attribute, read] of Object.entries(READ_ONLY)) {
      if (!(attribute in attempted)) continue;
      const value = attempted[attribute];
      if (read(after) === value && read(before) !== value) {
        return {
          message: `${attribute} was written through the body: ${show(read(before))} → ${show(value)}`,
          exchanges: [o.update, o.after.exchange],
        };
      }
    }
    return undefined;
  },
});
