import fc from 'fast-check';
import { acceptedName, feature, flagChanges, tokenFlags, type RoleName, type UpdateCase } from '../generate/index.ts';
import { TOKEN_FLAGS, type TokenFlags } from '../spec/index.ts';
import { cmaCalls, type Exchange } from '../target/index.ts';
import type { Observation, Scenario } from './scenario.ts';
import { viewOf, type TokenView } from './views.ts';

export interface SubmittedState extends TokenFlags {
  name: string;
  role: RoleName | 'omitted';
}

export interface ConcurrencyCase {
  start: UpdateCase['start'];
  submitted: SubmittedState[];
}

export interface ConcurrencyObservation extends Observation {
  case: ConcurrencyCase;
  /** The role ids the submitted states stand for. */
  roleIds: Record<RoleName, string>;
  startRoleId: string;
  /** The token as it was before the updates. */
  start: TokenView | undefined;
  updates: Exchange[];
  /** A read sent together with the updates: it may see the token before, between or after them. */
  concurrentRead: Exchange;
  read: Exchange;
  final: TokenView | undefined;
}

/**
 * The states in the order they are sent: the one that changes the most fields first, since the
 * read that follows it can only see a half-written update if that update changes several fields.
 */
function mostChangedFirst(start: ConcurrencyCase['start'], states: SubmittedState[]): SubmittedState[] {
  const changed = (s: SubmittedState) =>
    TOKEN_FLAGS.filter((flag) => s[flag] !== start.flags[flag]).length +
    (s.role !== 'omitted' && s.role !== start.role ? 1 : 0);
  return [...states].sort((a, b) => changed(b) - changed(a));
}

/** k updates of one token sent at once, with a read right after the first; then one read. */
export function concurrencyScenario(
  name: string,
  k = { min: 2, max: 5 },
): Scenario<ConcurrencyCase, ConcurrencyObservation> {
  const names = acceptedName;
  const roles = fc.constantFrom<RoleName | 'omitted'>('manager', 'viewer', 'omitted');
  const state = fc
    .tuple(names, tokenFlags, roles)
    .map(([n, flags, r]): SubmittedState => ({ name: n, ...flags, role: r }));
  return {
    name,
    cases: () =>
      fc
        .record({
          start: fc.record({
            name: fc.constant('concurrency'),
            flags: tokenFlags,
            role: fc.constantFrom<RoleName>('manager', 'viewer'),
          }),
          submitted: fc.uniqueArray(state, { minLength: k.min, maxLength: k.max, selector: (s) => s.name }),
        })
        .map((c) => ({ ...c, submitted: mostChangedFirst(c.start, c.submitted) })),
    features: (c) => [
      feature('updates', String(c.submitted.length)),
      ...c.submitted.flatMap((s) => [feature('role', s.role), ...flagChanges(c.start.flags, s)]),
    ],
    run: async (world, c) => {
      await world.resetSubject(c.start);
      const tokenId = world.ids.subject;
      const before = await world.read(tokenId);
      const send = ({ name, role, ...flags }: SubmittedState) =>
        world.update(tokenId, { name, ...flags }, role === 'omitted' ? undefined : world.ids.roles[role]);
      // The read leaves right after the first update, so that it lands while the updates are written.
      const [firstState, ...otherStates] = c.submitted as [SubmittedState, ...SubmittedState[]];
      const [first, concurrentRead, ...others] = await Promise.all([
        send(firstState),
        world.target.cma(cmaCalls.findToken(tokenId)),
        ...otherStates.map(send),
      ]);
      const updates = [first, ...others];
      const read = await world.target.cma(cmaCalls.findToken(tokenId));
      return {
        case: c,
        roleIds: world.ids.roles,
        startRoleId: world.ids.roles[c.start.role],
        start: before.view,
        updates,
        concurrentRead,
        read,
        final: viewOf(read),
        exchanges: [before.exchange, concurrentRead, ...updates, read],
      };
    },
    describe: (c) => `${c.submitted.length} concurrent updates of one token`,
  };
}
