import { CITED } from '../spec/index.ts';
import { updateScenario, type UpdateObservation } from '../scenarios/index.ts';
import { roleMismatch } from './compare.ts';
import { outcomeOf } from './outcome.ts';
import { defineInvariant } from './types.ts';

export default defineInvariant({
  id: 'role-preserved-when-omitted',
  title: 'An update without relationships keeps the role',
  doc: CITED.rolePreserved,
  violations: { 'role-changed': CITED.rolePreserved },
  killedBy: ['role-dropped-when-omitted', 'role-reset-on-rename'],
  scenario: () =>
    updateScenario('updates without relationships', { targets: ['owned'], bodies: 'valid', relationships: 'omitted' }),
  check(o: UpdateObservation, _oracle, fail) {
    if (outcomeOf(o.update).kind !== 'applied' || !o.targetBefore) return undefined;
    const before = o.targetBefore.roleId;
    const wrong = roleMismatch(before, [
      ['the update response', o.update],
      ['the next read', o.read],
    ]);
    if (!wrong) return undefined;
    return fail(
      'role-changed',
      `the role was ${before ?? 'null'} and no relationships were sent, but ${wrong.where} shows ${wrong.actual ?? 'null'}`,
      [wrong.exchange, o.update],
    );
  },
});
