import { updateScenario, type UpdateObservation } from '../scenarios/index.ts';
import { projectChanges } from './compare.ts';
import { defineInvariant, UPDATE_DOC } from './types.ts';

export default defineInvariant({
  id: 'others-untouched',
  title: 'Updating one token leaves every other token, factory tokens included, unchanged',
  doc: { quote: "Updates an API token's name, role, or API surface flags.", url: UPDATE_DOC },
  killedBy: ['update-touches-other-token', 'body-id-wins'],
  scenario: () => updateScenario('updates of one token among others', { targets: ['owned'], bodies: 'any' }),
  check(o: UpdateObservation) {
    const changes = projectChanges(o.before.tokens, o.after.tokens, o.request.targetId);
    if (changes.length === 0) return undefined;
    return {
      message: `updating token ${o.request.targetId} changed other tokens — ${changes.join('; ')}`,
      exchanges: [o.update, o.after.exchange],
    };
  },
});
