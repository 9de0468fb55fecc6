import { idempotenceScenario, viewOf, type IdempotenceObservation } from '../scenarios/index.ts';
import { differences } from './compare.ts';
import { describeOutcome, outcomeOf } from './outcome.ts';
import { defineInvariant } from './types.ts';

export default defineInvariant({
  id: 'idempotent',
  title: 'The same update sent twice leaves the same state and gets the same response',
  doc: {
    quote:
      'A request method is considered "idempotent" if the intended effect on the server of multiple identical requests with that method is the same as the effect for a single such request.',
    url: 'https://www.rfc-editor.org/rfc/rfc9110#section-9.2.2',
  },
  killedBy: ['name-dedup-not-idempotent'],
  scenario: () => idempotenceScenario('identical updates twice'),
  check(o: IdempotenceObservation) {
    const first = outcomeOf(o.first);
    if (first.kind !== 'applied') return undefined;
    const second = outcomeOf(o.second);
    if (second.kind !== 'applied')
      return {
        message: `the first update was applied, the identical second one got ${describeOutcome(second)}`,
        exchanges: [o.first, o.second],
      };
    const pairs = [
      ['response', viewOf(o.first), viewOf(o.second), o.second],
      ['read', viewOf(o.firstRead), viewOf(o.secondRead), o.secondRead],
    ] as const;
    for (const [what, a, b, exchange] of pairs) {
      if (!a || !b) continue;
      const changed = differences(a, b);
      if (changed.length > 0)
        return {
          message: `the second identical update changed the ${what} — ${changed.join('; ')}`,
          exchanges: [o.first, exchange],
        };
    }
    return undefined;
  },
});
