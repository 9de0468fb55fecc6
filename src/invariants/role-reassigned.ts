import { CITED } from '../spec/index.ts';
import { updateScenario, type UpdateObservation } from '../scenarios/index.ts';
import { roleMismatch } from './compare.ts';
import { outcomeOf } from './outcome.ts';
import { defineInvariant } from './types.ts';

export default defineInvariant({
  id: 'role-reassigned',
  title: 'An update with relationships.role gives the token exactly that role',
  doc: CITED.roleReassigned,
  violations: { 'role-not-reassigned': CITED.roleReassigned },
  killedBy: ['role-ignored-on-update'],
  scenario: () =>
    updateScenario('updates with relationships', { targets: ['owned'], bodies: 'valid', relationships: 'present' }),
  check(o: UpdateObservation, _oracle, fail) {
    const requested = o.request.sent.roleId;
    if (outcomeOf(o.update).kind !== 'applied' || requested === undefined) return undefined;
    const wrong = roleMismatch(requested, [
      ['the update response', o.update],
      ['the next read', o.read],
    ]);
    if (!wrong) return undefined;
    return fail(
      'role-not-reassigned',
      `relationships.role asked for role ${requested}, but ${wrong.where} shows ${wrong.actual ?? 'null'}`,
      [wrong.exchange, o.update],
    );
  },
});
