import { isPlainObject } from '../spec/index.ts';
import { updateScenario, type UpdateObservation } from '../scenarios/index.ts';
import { roleMismatch } from './compare.ts';
import { outcomeOf } from './outcome.ts';
import { defineInvariant, UPDATE_DOC } from './types.ts';

export default defineInvariant({
  id: 'role-reassigned',
  title: 'An update with relationships.role gives the token exactly that role',
  doc: {
    quote: 'Send `relationships.role` only when you want to reassign the token to a different role.',
    url: UPDATE_DOC,
  },
  killedBy: ['role-ignored-on-update'],
  scenario: () =>
    updateScenario('updates with relationships', { targets: ['owned'], bodies: 'valid', relationships: 'present' }),
  check(o: UpdateObservation) {
    if (outcomeOf(o.update).kind !== 'applied') return undefined;
    const data = isPlainObject(o.request.body) && isPlainObject(o.request.body.data) ? o.request.body.data : {};
    const linkage =
      isPlainObject(data.relationships) && isPlainObject(data.relationships.role)
        ? data.relationships.role.data
        : undefined;
    const requested = isPlainObject(linkage) ? linkage.id : undefined;
    if (typeof requested !== 'string') return undefined;
    const wrong = roleMismatch(requested, [
      ['the update response', o.update],
      ['the next read', o.read],
    ]);
    if (!wrong) return undefined;
    return {
      message: `relationships.role asked for role ${requested}, but ${wrong.where} shows ${wrong.actual ?? 'null'}`,
      exchanges: [o.update, wrong.exchange],
    };
  },
});
