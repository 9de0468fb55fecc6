import type fc from 'fast-check';
import type { CaseContext, Observation, Scenario, World } from '../scenarios/index.ts';
import type { Assumptions, Contract } from '../spec/index.ts';
import type { Exchange } from '../target/index.ts';

export const INVARIANT_IDS = [
  'secret-unchanged',
  'role-preserved-when-omitted',
  'role-reassigned',
  'attributes-applied',
  'hardcoded-rejected',
  'permissions-immediate-cma',
  'permissions-immediate-cda',
  'permissions-immediate-cda-preview',
  'invalid-rejected-unchanged',
  'response-conforms',
  'idempotent',
  'auth-enforced',
  'read-only-untouched',
  'others-untouched',
  'concurrent-updates-atomic',
] as const;
export type InvariantId = (typeof INVARIANT_IDS)[number];

/** The documentation sentence an invariant enforces. */
export interface DocSource {
  quote: string;
  url: string;
}

/** What the oracles know: the spec, and which answers the UNCONFIRMED points allow. */
export interface OracleContext {
  contract: Contract;
  assumptions: Assumptions;
  /** Accept only the assumed choice of each UNCONFIRMED point, not its alternatives. */
  strict: boolean;
}

/** A broken invariant: what was expected, what came back, and the exchanges that show it. */
export interface Violation {
  message: string;
  exchanges: Exchange[];
}

/** Where one run's time went: running the experiment (HTTP included), and checking it. */
export interface RunTimings {
  scenarioMs: number;
  checkMs: number;
}

/** The property of one invariant, ready to run: its cases, and the check of one case. */
export interface Property {
  cases: fc.Arbitrary<unknown>;
  describe(c: unknown): string;
  /** The input classes of a case, for the coverage phase (none: no coverage phase). */
  features?: (c: unknown) => readonly string[];
  /** Runs the case against the world; returns the violation, if any, what was observed, and the time spent. */
  run(
    world: World,
    c: unknown,
  ): Promise<{ violation: Violation | undefined; observation: Observation; timings: RunTimings }>;
}

export interface Invariant {
  id: InvariantId;
  /** One sentence, as a user would say it. */
  title: string;
  doc: DocSource;
  /** Faults of the mock's catalogue that must make this invariant fail (its kill tests). */
  killedBy: readonly string[];
  /** Why this invariant cannot run against this world (e.g. no factory token), if so. */
  skipReason(world: World): string | undefined;
  property(ctx: CaseContext, oracle: OracleContext): Property;
}

export interface InvariantDefinition<C, O extends Observation> {
  id: InvariantId;
  title: string;
  doc: DocSource;
  killedBy: readonly string[];
  skipReason?: (world: World) => string | undefined;
  scenario: (oracle: OracleContext) => Scenario<C, O>;
  check(observation: O, oracle: OracleContext): Violation | undefined;
}

/** Erases the case and observation types, so that all invariants fit in one registry. */
export function defineInvariant<C, O extends Observation>(definition: InvariantDefinition<C, O>): Invariant {
  return {
    id: definition.id,
    title: definition.title,
    doc: definition.doc,
    killedBy: definition.killedBy,
    skipReason: definition.skipReason ?? (() => undefined),
    property(ctx, oracle) {
      const scenario = definition.scenario(oracle);
      return {
        cases: scenario.cases(ctx) as fc.Arbitrary<unknown>,
        describe: (c) => scenario.describe(c as C),
        ...(scenario.features ? { features: (c: unknown) => scenario.features!(c as C) } : {}),
        async run(world, c) {
          const started = performance.now();
          const observation = await scenario.run(world, c as C);
          const observed = performance.now();
          const violation = definition.check(observation, oracle);
          return {
            violation,
            observation,
            timings: { scenarioMs: observed - started, checkMs: performance.now() - observed },
          };
        },
      };
    },
  };
}

export const UPDATE_DOC = 'https://www.datocms.com/docs/content-management-api/resources/access-token/update';
export const TOKEN_DOC = 'https://www.datocms.com/docs/content-management-api/resources/access_token';
export const ERRORS_DOC = 'https://www.datocms.com/docs/content-management-api/errors';
