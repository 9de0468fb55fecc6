import fc from 'fast-check';
import { feature, flagChanges, tokenFlags, type RoleName, type UpdateCase } from '../generate/index.ts';
import { TOKEN_FLAGS, type TokenFlags } from '../spec/index.ts';
import type { Connection, Exchange } from '../target/index.ts';
import { probe, type Probe, type Surface } from './probes.ts';
import type { Observation, Scenario } from './scenario.ts';
import type { World } from './world.ts';

/** What the new configuration says a probe must see: 'either' where the contract is unconfirmed. */
export type AccessExpectation = 'allowed' | 'refused' | 'either';
export type Expect = (surface: Surface, flags: TokenFlags, roleManages: boolean) => AccessExpectation;

export interface PermissionCase {
  start: UpdateCase['start'];
  next: { flags: TokenFlags; role: RoleName; sendRole: boolean };
  /** Whether every probe of the case reuses a kept-alive connection or opens one of its own. */
  connection: Connection;
}

export interface Propagation {
  surface: Surface;
  /** From the update's response to the first probe that reflected it (undefined: never, within the budget). */
  reflectedAfterMs: number | undefined;
  probes: number;
}

export interface PermissionObservation extends Observation {
  case: PermissionCase;
  tokenId: string;
  /** Probes before the update: they warm any cache a server keeps. */
  warm: Probe[];
  update: Exchange;
  /** The very next call on each surface, after the update. */
  next: Probe[];
  /** What each surface must show now. */
  expected: Record<Surface, AccessExpectation>;
  propagation: Propagation[];
}

const REPROBE_EVERY_MS = 100;

export interface PropagationBudget {
  /** How long to keep probing one surface after a wrong answer (a cache of 1 s shows within it). */
  perRunMs: number;
  /** The most time all runs together spend on it: shrinking repeats failures, it must not repeat this. */
  totalMs: number;
}

/**
 * An update that changes the flags (and maybe the role), then probes with the updated token
 * itself. Where the very next probe is wrong, it keeps probing to measure how late the change lands.
 */
export function permissionsScenario(
  name: string,
  surfaces: readonly Surface[],
  expect: Expect,
  budget: PropagationBudget = { perRunMs: 1500, totalMs: 3000 },
): Scenario<PermissionCase, PermissionObservation> {
  let spentMs = 0;
  return {
    name,
    cases: () =>
      fc.record({
        start: fc.record({
          name: fc.constant('permissions'),
          flags: tokenFlags,
          role: fc.constantFrom<RoleName>('manager', 'viewer'),
        }),
        next: fc.record({
          flags: tokenFlags,
          role: fc.constantFrom<RoleName>('manager', 'viewer'),
          sendRole: fc.boolean(),
        }),
        connection: fc.constantFrom<Connection>('reused', 'fresh'),
      }),
    // What each surface must answer before and after: every grant and every revocation the contract
    // describes, on each surface, is a class to cover.
    features: (c) => {
      const nextRole = c.next.sendRole ? c.next.role : c.start.role;
      const access = surfaces.map((surface) => ({
        surface,
        before: expect(surface, c.start.flags, c.start.role === 'manager'),
        after: expect(surface, c.next.flags, nextRole === 'manager'),
      }));
      return [
        ...access.map(({ surface, before, after }) => feature(surface, `${before}->${after}`)),
        // Each answer beside each flag's new value: a server that reads the wrong flag shows here.
        ...access.flatMap(({ surface, after }) =>
          TOKEN_FLAGS.map((flag) =>
            feature(`${surface} with ${flag}`, `${after}, ${c.next.flags[flag] ? 'on' : 'off'}`),
          ),
        ),
        ...flagChanges(c.start.flags, c.next.flags),
        feature('role', c.next.sendRole ? `${c.start.role}->${c.next.role}` : `${c.start.role} kept`),
        ...access.map(({ surface, before, after }) =>
          feature(`${surface} on a ${c.connection} connection`, `${before}->${after}`),
        ),
      ];
    },
    run: async (world, c) => {
      await world.resetSubject(c.start);
      const tokenId = world.ids.subject;
      const warm = await probeAll(world, surfaces, tokenId, c.connection);
      const role = c.next.sendRole ? c.next.role : c.start.role;
      const attributes = { name: `${world.prefix}permissions`, ...c.next.flags };
      const update = await world.update(
        tokenId,
        attributes,
        c.next.sendRole ? world.ids.roles[c.next.role] : undefined,
      );
      const updatedAt = update.startedAt + update.durationMs;
      const next = await probeAll(world, surfaces, tokenId, c.connection);
      const expected = Object.fromEntries(
        surfaces.map((s) => [s, expect(s, c.next.flags, role === 'manager')]),
      ) as Record<Surface, AccessExpectation>;
      const propagation: Propagation[] = [];
      const extra: Exchange[] = [];
      for (const first of next) {
        const wanted = expected[first.surface];
        let current = first;
        let probes = 1;
        const started = Date.now();
        const deadline = Math.min(updatedAt + budget.perRunMs, started + Math.max(0, budget.totalMs - spentMs));
        while (update.response.status === 200 && !reflects(current, wanted) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, REPROBE_EVERY_MS));
          current = await probe(world, first.surface, tokenId, undefined, c.connection);
          extra.push(current.exchange);
          probes += 1;
        }
        spentMs += Date.now() - started;
        const reflected = reflects(current, wanted);
        propagation.push({
          surface: first.surface,
          reflectedAfterMs: reflected
            ? current.exchange.startedAt + current.exchange.durationMs - updatedAt
            : undefined,
          probes,
        });
      }
      return {
        case: c,
        tokenId,
        warm,
        update,
        next,
        expected,
        propagation,
        exchanges: [...warm.map((p) => p.exchange), update, ...next.map((p) => p.exchange), ...extra],
      };
    },
    describe: (c) =>
      `flags ${flagText(c.start.flags)} → ${flagText(c.next.flags)}, role ${c.start.role} → ${c.next.sendRole ? c.next.role : `(kept) ${c.start.role}`}, probes on ${c.connection} connections`,
  };
}

export const reflects = (p: Probe, wanted: AccessExpectation): boolean =>
  wanted === 'either' ? p.outcome !== 'unexpected' : p.outcome === wanted;

async function probeAll(
  world: World,
  surfaces: readonly Surface[],
  tokenId: string,
  connection: Connection,
): Promise<Probe[]> {
  const probes: Probe[] = [];
  for (const surface of surfaces) probes.push(await probe(world, surface, tokenId, undefined, connection));
  return probes;
}

export const flagText = (flags: TokenFlags): string =>
  `cda=${flags.can_access_cda ? 1 : 0} preview=${flags.can_access_cda_preview ? 1 : 0} cma=${flags.can_access_cma ? 1 : 0}`;
