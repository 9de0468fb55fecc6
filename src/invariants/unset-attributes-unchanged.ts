import { framedUpdateScenario, viewOf, type FramedUpdateObservation, type TokenView } from '../scenarios/index.ts';
import { CITED, TOKEN_ATTRIBUTES } from '../spec/index.ts';
import type { Exchange } from '../target/index.ts';
import { access } from './access.ts';
import { show } from './compare.ts';
import { mayFollow } from './last-access.ts';
import { defineInvariant } from './types.ts';

/** Something an update did not set that changed anyway: what, and from what to what. */
interface UnsetChange {
  what: string;
  change: string;
}

/** What of the token an update did not set and yet changed, from `before` to `now`. */
function changedUnset(o: FramedUpdateObservation, before: TokenView, now: TokenView): UnsetChange | undefined {
  const sent = o.request.sent;
  const from = (what: string, was: unknown, is: unknown): UnsetChange => ({
    what,
    change: `${show(was)} → ${show(is)}`,
  });
  for (const attribute of TOKEN_ATTRIBUTES)
    if (!(attribute in (sent.attributes ?? {})) && now[attribute] !== before[attribute])
      return from(attribute, before[attribute], now[attribute]);
  if (sent.relationships === 'omitted' && now.roleId !== before.roleId)
    return from('the role', before.roleId, now.roleId);
  if (now.hardcoded_type !== before.hardcoded_type)
    return from('hardcoded_type', before.hardcoded_type, now.hardcoded_type);
  if (typeof before.secret === 'string' && typeof now.secret === 'string' && now.secret !== before.secret)
    return from('the secret', before.secret, now.secret);
  // The token has made calls on both APIs: a late record of them may still show as `today`.
  if (!mayFollow(before.last_cma_access, now.last_cma_access, true))
    return from('last_cma_access', before.last_cma_access, now.last_cma_access);
  if (!mayFollow(before.last_cda_access, now.last_cda_access, true))
    return from('last_cda_access', before.last_cda_access, now.last_cda_access);
  return undefined;
}

export default defineInvariant({
  id: 'unset-attributes-unchanged',
  title:
    'An accepted update changes only what its body sets — read-only attributes and last accesses included, in its answer and in later reads — and leaves the token updatable and usable',
  doc: CITED.updates,
  violations: {
    'unset-attribute-changed': CITED.putReplaces,
    'not-updatable-after': CITED.factoryRejected,
    'unusable-after': CITED.immediate,
  },
  killedBy: ['update-resets-last-access', 'update-locks-token'],
  scenario: () => framedUpdateScenario('valid updates of a token that has made calls'),
  check(o: FramedUpdateObservation, oracle, fail) {
    const before = o.targetBefore;
    if (!before || o.update.response.status < 200 || o.update.response.status >= 300) return undefined;
    const seen: [string, TokenView | undefined, Exchange][] = [
      ['its answer', viewOf(o.update), o.update],
      ['the next read', viewOf(o.read), o.read],
      ['the listing after it', o.after.tokens.find((t) => t.id === before.id), o.after.exchange],
    ];
    for (const [where, now, exchange] of seen) {
      const changed = now && changedUnset(o, before, now);
      if (changed)
        return fail(
          'unset-attribute-changed',
          `an update that did not set ${changed.what} changed it, as ${where} shows: ${changed.change}`,
          [exchange, o.update],
        );
    }
    if (o.again && (o.again.response.status < 200 || o.again.response.status >= 300))
      return fail(
        'not-updatable-after',
        `after an accepted update, sending the token its own state was refused (${o.again.response.status}); only factory tokens refuse updates`,
        [o.again, o.update],
      );
    const read = viewOf(o.read);
    if (o.usable && read) {
      const wanted = access(o.usable.surface, read, false, oracle);
      if (wanted !== 'either' && o.usable.outcome !== wanted)
        return fail(
          'unusable-after',
          `after an accepted update, a ${o.usable.surface} call its new flags allow was ${o.usable.outcome} (${o.usable.exchange.response.status})`,
          [o.usable.exchange, o.update],
        );
    }
    return undefined;
  },
});
