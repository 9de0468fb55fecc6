import { storedNames, TOKEN_ATTRIBUTES } from '../spec/index.ts';
import { updateScenario, viewOf, type UpdateObservation } from '../scenarios/index.ts';
import { sentAttributes, show } from './compare.ts';
import { expectationFor } from './expectation.ts';
import { describeOutcome, outcomeOf } from './outcome.ts';
import { defineInvariant, UPDATE_DOC } from './types.ts';

export default defineInvariant({
  id: 'attributes-applied',
  title: 'A valid update is accepted, and its response and the next read show exactly the attributes sent',
  doc: { quote: "Updates an API token's name, role, or API surface flags.", url: UPDATE_DOC },
  killedBy: ['name-truncated', 'stale-read-after-update', 'relationships-required', 'astral-plane-500'],
  scenario: () => updateScenario('valid updates', { targets: ['owned'], bodies: 'valid' }),
  check(o: UpdateObservation, oracle) {
    const outcome = outcomeOf(o.update);
    if (outcome.kind !== 'applied') {
      if (!expectationFor(o, oracle).mustApply) return undefined;
      return { message: `a valid update was refused: ${describeOutcome(outcome)}`, exchanges: [o.update] };
    }
    const sent = sentAttributes(o.request.body) ?? {};
    for (const [where, exchange] of [
      ['the update response', o.update],
      ['the next read', o.read],
    ] as const) {
      const view = viewOf(exchange);
      if (!view)
        return {
          message: `${where} holds no access token (status ${exchange.response.status})`,
          exchanges: [o.update, exchange],
        };
      const kept = (a: (typeof TOKEN_ATTRIBUTES)[number]) =>
        a === 'name' && typeof sent.name === 'string'
          ? storedNames(sent.name, oracle.assumptions, oracle.strict).includes(view.name)
          : view[a] === sent[a];
      const wrong = TOKEN_ATTRIBUTES.filter((a) => !kept(a)).map(
        (a) => `${a}: sent ${show(sent[a])}, got ${show(view[a])}`,
      );
      if (wrong.length > 0)
        return {
          message: `${where} does not show what was sent — ${wrong.join('; ')}`,
          exchanges: [o.update, exchange],
        };
    }
    return undefined;
  },
});
