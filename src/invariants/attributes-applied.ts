import { CITED } from '../spec/index.ts';
import { updateScenario, viewOf, type UpdateObservation } from '../scenarios/index.ts';
import { attributeDifferences } from './compare.ts';
import { expectationFor } from './expectation.ts';
import { describeOutcome, outcomeOf } from './outcome.ts';
import { defineInvariant } from './types.ts';

export default defineInvariant({
  id: 'attributes-applied',
  title: 'A valid update is accepted, and its response and the next read show exactly the attributes sent',
  doc: CITED.updates,
  violations: {
    'valid-update-refused': CITED.bodyParameters,
    'no-token-shown': CITED.updates,
    'response-not-as-sent': CITED.updates,
    'read-not-as-sent': CITED.putEquivalentRead,
  },
  killedBy: ['name-truncated', 'stale-read-after-update', 'relationships-required', 'astral-plane-500'],
  scenario: () => updateScenario('valid updates', { targets: ['owned'], bodies: 'valid' }),
  check(o: UpdateObservation, oracle, fail) {
    const outcome = outcomeOf(o.update);
    if (outcome.kind !== 'applied') {
      if (!expectationFor(o, oracle).mustApply) return undefined;
      return fail('valid-update-refused', `a valid update was refused: ${describeOutcome(outcome)}`, [o.update]);
    }
    const places = [
      ['the update response', o.update, 'response-not-as-sent'],
      ['the next read', o.read, 'read-not-as-sent'],
    ] as const;
    for (const [where, exchange, kind] of places) {
      const view = viewOf(exchange);
      if (!view)
        return fail('no-token-shown', `${where} holds no access token (status ${exchange.response.status})`, [
          exchange,
          o.update,
        ]);
      const wrong = attributeDifferences(o.request.sent, view, oracle);
      if (wrong.length > 0)
        return fail(kind, `${where} does not show what was sent — ${wrong.join('; ')}`, [exchange, o.update]);
    }
    return undefined;
  },
});
