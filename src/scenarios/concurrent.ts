import fc from 'fast-check';
import { acceptedName, flagChanges, tokenFlags, type RoleName, type UpdateCase } from '../generate/index.ts';
import type { TokenFlags } from '../spec/index.ts';
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
  secretBefore: string | null;
  updates: Exchange[];
  read: Exchange;
  final: TokenView | undefined;
}

/** k updates of one token sent at once; then one read. */
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
      fc.record({
        start: fc.record({
          name: fc.constant('concurrency'),
          flags: tokenFlags,
          role: fc.constantFrom<RoleName>('manager', 'viewer'),
        }),
        submitted: fc.uniqueArray(state, { minLength: k.min, maxLength: k.max, selector: (s) => s.name }),
      }),
    features: (c) => [
      `updates:${c.submitted.length}`,
      ...c.submitted.flatMap((s) => [`role:${s.role}`, ...flagChanges(c.start.flags, s)]),
    ],
    run: async (world, c) => {
      await world.resetSubject(c.start);
      const tokenId = world.ids.subject;
      const before = await world.read(tokenId);
      const updates = await Promise.all(
        c.submitted.map(({ name, role, ...flags }) =>
          world.update(tokenId, { name, ...flags }, role === 'omitted' ? undefined : world.ids.roles[role]),
        ),
      );
      const read = await world.target.cma(cmaCalls.findToken(tokenId));
      return {
        case: c,
        roleIds: world.ids.roles,
        startRoleId: world.ids.roles[c.start.role],
        secretBefore: before.view?.secret ?? null,
        updates,
        read,
        final: viewOf(read),
        exchanges: [before.exchange, ...updates, read],
      };
    },
    describe: (c) => `${c.submitted.length} concurrent updates of one token`,
  };
}
