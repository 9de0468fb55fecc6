import { accepted, CITED, type FaultName, type TokenFlags } from '../spec/index.ts';
import type { AccessExpectation, PermissionObservation, Surface } from '../scenarios/index.ts';
import { flagText, permissionsScenario, reflects } from '../scenarios/index.ts';
import {
  defineInvariant,
  type Fail,
  type Invariant,
  type InvariantId,
  type OracleContext,
  type Violation,
} from './types.ts';

const VIOLATIONS = { 'change-not-immediate': CITED.immediate };

/** An invariant on the very next call of an updated token, on some surfaces. */
export function permissionInvariant(definition: {
  id: InvariantId;
  title: string;
  surfaces: readonly Surface[];
  killedBy: readonly FaultName[];
}): Invariant {
  return defineInvariant({
    ...definition,
    doc: CITED.immediate,
    violations: VIOLATIONS,
    scenario: (oracle) =>
      permissionsScenario(definition.title, definition.surfaces, (s, f, r) => access(s, f, r, oracle)),
    check: (o: PermissionObservation, _oracle, fail) => permissionViolation(o, fail),
  });
}

/** Where an open point decides: 'either' while more than one reading is accepted, else what the one allows. */
const byReadings = <T>(readings: readonly T[], allows: (reading: T) => boolean): AccessExpectation =>
  readings.length > 1 ? 'either' : allows(readings[0] as T) ? 'allowed' : 'refused';

/**
 * What a token's flags and role allow on a surface — "the intersection" of the two — with
 * 'either' where the documentation leaves the answer open.
 */
export function access(
  surface: Surface,
  flags: TokenFlags,
  roleManages: boolean,
  oracle: OracleContext,
): AccessExpectation {
  switch (surface) {
    case 'cma':
      return flags.can_access_cma ? 'allowed' : 'refused';
    case 'secrets':
      return flags.can_access_cma && roleManages ? 'allowed' : 'refused';
    case 'cma-write': {
      // The write probe is an update: whether a role without the permission may make it is open.
      if (!flags.can_access_cma) return 'refused';
      if (roleManages) return 'allowed';
      return byReadings(accepted(oracle.assumptions.manageTokensToUpdate, oracle.strict), (r) => r === 'allowed');
    }
    case 'cda-preview':
      return flags.can_access_cda_preview ? 'allowed' : 'refused';
    case 'cda': {
      if (flags.can_access_cda) return 'allowed';
      if (!flags.can_access_cda_preview) return 'refused';
      return byReadings(accepted(oracle.assumptions.previewFlagReadsPublished, oracle.strict), (r) => r);
    }
  }
}

const SURFACE_NAMES: Record<Surface, string> = {
  cma: 'CMA call (GET /site)',
  'cma-write': 'CMA write (a no-op update of a token the run owns)',
  secrets: 'token read (are secrets shown, per the role?)',
  cda: 'CDA call (published content)',
  'cda-preview': 'CDA call with X-Include-Drafts: true',
};

/** The first surface whose very next call after the update disagrees with the new configuration. */
export function permissionViolation(
  o: PermissionObservation,
  fail: Fail<keyof typeof VIOLATIONS>,
): Violation | undefined {
  if (o.update.response.status !== 200) return undefined;
  for (const probe of o.next) {
    const wanted = o.expected[probe.surface];
    if (reflects(probe, wanted)) continue;
    const warm = o.warm.find((p) => p.surface === probe.surface);
    const change = warm && warm.outcome !== wanted ? (wanted === 'refused' ? 'a revocation' : 'a grant') : 'no change';
    const propagation = o.propagation.find((p) => p.surface === probe.surface);
    const late =
      propagation?.reflectedAfterMs !== undefined
        ? `; the change showed ${propagation.reflectedAfterMs} ms after the update (${propagation.probes} probes)`
        : `; it had not shown after ${propagation?.probes ?? 1} probes`;
    return fail(
      'change-not-immediate',
      `after ${change} (${flagText(o.case.start.flags)} → ${flagText(o.case.next.flags)}), the very next ${SURFACE_NAMES[probe.surface]} was ${probe.outcome} (${probe.exchange.response.status}), expected ${wanted}${late}`,
      [probe.exchange, o.update],
    );
  }
  return undefined;
}
