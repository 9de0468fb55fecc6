import { concurrencyScenario, viewOf, type ConcurrencyObservation, type SubmittedState } from '../scenarios/index.ts';
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
  title: 'Concurrent updates of one token end in exactly one of the submitted states, secret unchanged',
  doc: {
    quote:
      'The PUT method requests that the state of the target resource be created or replaced with the state defined by the representation enclosed in the request message content.',
    url: 'https://www.rfc-editor.org/rfc/rfc9110#section-9.3.4',
  },
  killedBy: ['torn-concurrent-writes'],
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
    if (!final) return { message: 'the token could not be read after the concurrent updates', exchanges: [o.read] };
    if (final.secret !== o.secretBefore)
      return { message: 'the secret changed during concurrent updates', exchanges: [o.read] };
    const sentRoles = o.case.submitted.flatMap((s) => (s.role === 'omitted' ? [] : [o.roleIds[s.role]]));
    // Linearizable: the last writer's attributes, and its role — or, if it sent none, a role that preceded it.
    const explained = o.case.submitted.some((s) => {
      const roles = s.role === 'omitted' ? [o.startRoleId, ...sentRoles] : [o.roleIds[s.role]];
      return sameAttributes(s, final, oracle) && roles.includes(final.roleId as string);
    });
    if (explained) return undefined;
    return {
      message: `the final state (name ${show(final.name)}, role ${final.roleId}) is none of the ${o.case.submitted.length} submitted states: fields of different writes were mixed`,
      exchanges: [...o.updates, o.read],
    };
  },
});
