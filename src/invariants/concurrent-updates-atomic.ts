import {
  concurrencyScenario,
  sameWritableState,
  viewOf,
  type ConcurrencyObservation,
  type SubmittedState,
  type TokenView,
} from '../scenarios/index.ts';
import { storedNames, TOKEN_ATTRIBUTES } from '../spec/index.ts';
import { show } from './compare.ts';
import { describeOutcome, outcomeOf } from './outcome.ts';
import { defineInvariant, type OracleContext } from './types.ts';

const sameAttributes = (
  state: SubmittedState,
  view: { [K in (typeof TOKEN_ATTRIBUTES)[number]]: unknown },
  oracle: OracleContext,
) =>
  TOKEN_ATTRIBUTES.every((a) =>
    a === 'name'
      ? storedNames(state.name, oracle.assumptions, oracle.strict).includes(view.name as string)
      : state[a] === view[a],
  );

export default defineInvariant({
  id: 'concurrent-updates-atomic',
  title:
    'Concurrent updates of one token end in exactly one of the submitted states, secret unchanged; a read among them sees none half-written',
  doc: {
    quote:
      'The PUT method requests that the state of the target resource be created or replaced with the state defined by the representation enclosed in the request message content.',
    url: 'https://www.rfc-editor.org/rfc/rfc9110#section-9.3.4',
  },
  killedBy: ['torn-concurrent-writes', 'torn-read-during-update'],
  scenario: () => concurrencyScenario('concurrent updates'),
  check(o: ConcurrencyObservation, oracle) {
    const refused = o.updates.find((u) => outcomeOf(u).kind !== 'applied');
    if (refused)
      return {
        message: `a concurrent valid update was refused: ${describeOutcome(outcomeOf(refused))}`,
        exchanges: [refused],
      };
    for (const [i, update] of o.updates.entries()) {
      const view = viewOf(update);
      const state = o.case.submitted[i] as SubmittedState;
      if (view && !sameAttributes(state, view, oracle)) {
        return {
          message: `the response to update #${i + 1} shows another write's attributes (sent name ${show(state.name)}, got ${show(view.name)})`,
          exchanges: [update],
        };
      }
    }
    const final = o.final;
    const secretBefore = o.start?.secret ?? null;
    if (!final) return { message: 'the token could not be read after the concurrent updates', exchanges: [o.read] };
    if (final.secret !== secretBefore)
      return { message: 'the secret changed during concurrent updates', exchanges: [o.read] };
    if (!written(o, final, oracle))
      return {
        message: `the final state (name ${show(final.name)}, role ${final.roleId}) is none of the ${o.case.submitted.length} submitted states: fields of different writes were mixed`,
        exchanges: [...o.updates, o.read],
      };
    // A reader sees the token before the updates, or as one of them left it: never half-written.
    const seen = viewOf(o.concurrentRead);
    if (!seen)
      return {
        message: `a read during the concurrent updates was answered ${o.concurrentRead.response.status}, not the token`,
        exchanges: [o.concurrentRead],
      };
    if (seen.secret !== secretBefore)
      return { message: 'a read during the concurrent updates saw another secret', exchanges: [o.concurrentRead] };
    if (!o.start)
      return {
        message: 'the token could not be read before the concurrent updates',
        exchanges: o.exchanges.slice(0, 1),
      };
    if (!sameWritableState(seen, o.start) && !written(o, seen, oracle))
      return {
        message: `a read during the concurrent updates saw a state nobody wrote (name ${show(seen.name)}, role ${seen.roleId}): an update was visible half-written`,
        exchanges: [o.concurrentRead, ...o.updates],
      };
    return undefined;
  },
});

/** Linearizable: a writer's attributes, and its role — or, if it sent none, a role that preceded it. */
function written(o: ConcurrencyObservation, view: TokenView, oracle: OracleContext): boolean {
  const sentRoles = o.case.submitted.flatMap((s) => (s.role === 'omitted' ? [] : [o.roleIds[s.role]]));
  return o.case.submitted.some((s) => {
    const roles = s.role === 'omitted' ? [o.startRoleId, ...sentRoles] : [o.roleIds[s.role]];
    return sameAttributes(s, view, oracle) && roles.includes(view.roleId as string);
  });
}
