import { CITED } from '../spec/index.ts';
import { updateScenario, type UpdateObservation } from '../scenarios/index.ts';
import { projectChanges } from './compare.ts';
import { defineInvariant } from './types.ts';

export default defineInvariant({
  id: 'others-untouched',
  title: 'Updating one token leaves every other token, factory tokens included, unchanged',
  doc: CITED.putReplaces,
  violations: { 'other-token-changed': CITED.putReplaces },
  killedBy: ['update-touches-other-token', 'body-id-wins'],
  scenario: () => updateScenario('updates of one token among others', { targets: ['owned'], bodies: 'any' }),
  check(o: UpdateObservation, _oracle, fail) {
    const changes = projectChanges(o.before.tokens, o.after.tokens, o.request.targetId, o.before.watched);
    if (changes.length === 0) return undefined;
    return fail(
      'other-token-changed',
      `updating token ${o.request.targetId} changed other tokens — ${changes.join('; ')}`,
      [o.update, o.after.exchange],
    );
  },
});
