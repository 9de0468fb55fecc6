import {
  concurrencyScenario,
  sameWritableState,
  viewOf,
  type ConcurrencyObservation,
  type SubmittedState,
  type TokenView,
} from '../scenarios/index.ts';
import { CITED, storedNames, TOKEN_ATTRIBUTES } from '../spec/index.ts';
import type { Exchange } from '../target/index.ts';
import { show } from './compare.ts';
import { describeOutcome, outcomeOf } from './outcome.ts';
import { defineInvariant, type OracleContext } from './types.ts';

const sameAttributes = (state: SubmittedState, view: TokenView, oracle: OracleContext) =>
  TOKEN_ATTRIBUTES.every((a) =>
    a === 'name'
      ? storedNames(state.name, oracle.assumptions, oracle.strict).includes(view.name)
      : state[a] === view[a],
  );

export default defineInvariant({
  id: 'concurrent-updates-atomic',
  title:
    'Concurrent updates of one token end in exactly one of the applied states, secret unchanged; a read among them sees none half-written',
  doc: CITED.putReplaces,
  violations: {
    'wrong-refusal': CITED.conflict,
    'response-shows-mix': CITED.putReplaces,
    unreadable: CITED.putEquivalentRead,
    'secret-changed': CITED.secretUnaffected,
    'torn-state': CITED.putReplaces,
    'half-written-read': CITED.putReplaces,
  },
  killedBy: ['torn-concurrent-writes', 'torn-read-during-update'],
  scenario: () => concurrencyScenario('concurrent updates'),
  check(o: ConcurrencyObservation, oracle, fail) {
    // The update at fault first, then the ones sent at the same moment: a race is read from all of them.
    const race = (update: Exchange) => [update, ...o.updates.filter((other) => other !== update)];
    // A server may refuse a PUT that conflicts with one in progress (RFC 9110 §15.5.10), as a client error.
    const applied: SubmittedState[] = [];
    for (const [i, update] of o.updates.entries()) {
      const outcome = outcomeOf(update);
      if (outcome.kind === 'applied') applied.push(o.case.submitted[i] as SubmittedState);
      else if (outcome.status >= 500 || outcome.status < 400 || outcome.codes.length === 0)
        return fail(
          'wrong-refusal',
          `a concurrent update was answered ${describeOutcome(outcome)}, not a client error`,
          race(update),
        );
    }
    // Each response shows a state some update wrote (with --strict-assumptions: its own).
    for (const [i, update] of o.updates.entries()) {
      const view = viewOf(update);
      const states = oracle.strict ? [o.case.submitted[i] as SubmittedState] : applied;
      if (view && !written(o, applied, view, oracle, states))
        return fail(
          'response-shows-mix',
          `the response to update #${i + 1} shows a state no update wrote (name ${show(view.name)}, role ${view.roleId})`,
          race(update),
        );
    }
    const final = o.final;
    const secretBefore = o.start?.secret ?? null;
    if (!o.start)
      return fail('unreadable', 'the token could not be read before the concurrent updates', o.exchanges.slice(0, 1));
    if (!final) return fail('unreadable', 'the token could not be read after the concurrent updates', [o.read]);
    if (final.secret !== secretBefore)
      return fail('secret-changed', 'the secret changed during concurrent updates', [o.read]);
    const unchanged = applied.length === 0 && sameWritableState(final, o.start);
    if (!unchanged && !written(o, applied, final, oracle))
      return fail(
        'torn-state',
        `the final state (name ${show(final.name)}, role ${final.roleId}) is none of the ${applied.length} applied states: fields of different writes were mixed`,
        [o.read, ...o.updates],
      );
    // A reader sees the token before the updates, or as one of them left it: never half-written.
    const seen = viewOf(o.concurrentRead);
    if (!seen)
      return fail(
        'unreadable',
        `a read during the concurrent updates was answered ${o.concurrentRead.response.status}, not the token`,
        [o.concurrentRead],
      );
    if (seen.secret !== secretBefore)
      return fail('secret-changed', 'a read during the concurrent updates saw another secret', [o.concurrentRead]);
    if (!sameWritableState(seen, o.start) && !written(o, applied, seen, oracle))
      return fail(
        'half-written-read',
        `a read during the concurrent updates saw a state nobody wrote (name ${show(seen.name)}, role ${seen.roleId}): an update was visible half-written`,
        [o.concurrentRead, ...o.updates],
      );
    return undefined;
  },
});

/**
 * Linearizable: the view is one of `states` — its attributes, and its role, or, if it sent none, a
 * role that preceded it (the start role, or one an applied update sent).
 */
function written(
  o: ConcurrencyObservation,
  applied: readonly SubmittedState[],
  view: TokenView,
  oracle: OracleContext,
  states: readonly SubmittedState[] = applied,
): boolean {
  const sentRoles = applied.flatMap((s) => (s.role === 'omitted' ? [] : [o.roleIds[s.role]]));
  return states.some((s) => {
    const roles = s.role === 'omitted' ? [o.startRoleId, ...sentRoles] : [o.roleIds[s.role]];
    return sameAttributes(s, view, oracle) && roles.includes(view.roleId as string);
  });
}
