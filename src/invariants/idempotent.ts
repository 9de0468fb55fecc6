import { CITED } from '../spec/index.ts';
import { idempotenceScenario, viewOf, type IdempotenceObservation } from '../scenarios/index.ts';
import { differences } from './compare.ts';
import { describeOutcome, outcomeOf } from './outcome.ts';
import { defineInvariant } from './types.ts';

export default defineInvariant({
  id: 'idempotent',
  title: 'The same update sent twice leaves the same state and gets the same response',
  doc: CITED.idempotent,
  violations: { 'second-refused': CITED.idempotent, 'second-changed': CITED.idempotent },
  killedBy: ['name-dedup-not-idempotent'],
  scenario: () => idempotenceScenario('identical updates twice'),
  check(o: IdempotenceObservation, _oracle, fail) {
    if (outcomeOf(o.first).kind !== 'applied') return undefined;
    const second = outcomeOf(o.second);
    if (second.kind !== 'applied')
      return fail(
        'second-refused',
        `the first update was applied, the identical second one got ${describeOutcome(second)}`,
        [o.second, o.first],
      );
    const pairs = [
      ['response', viewOf(o.first), viewOf(o.second), o.second],
      ['read', viewOf(o.firstRead), viewOf(o.secondRead), o.secondRead],
    ] as const;
    for (const [what, a, b, exchange] of pairs) {
      if (!a || !b) continue;
      const changed = differences(a, b);
      if (changed.length > 0)
        return fail('second-changed', `the second identical update changed the ${what} — ${changed.join('; ')}`, [
          exchange,
          o.first,
        ]);
    }
    return undefined;
  },
});
