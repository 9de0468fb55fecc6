import type fc from 'fast-check';
import type { Feature } from '../generate/index.ts';
import type { CaseContext, Observation, Scenario, World } from '../scenarios/index.ts';
import type { Assumptions, Citation, Contract, FaultName, Source } from '../spec/index.ts';
import { CITED, errorCodes } from '../spec/index.ts';
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
  'unset-attributes-unchanged',
  'lifecycle-conforms',
] as const;
export type InvariantId = (typeof INVARIANT_IDS)[number];

/** The documentation sentence an invariant enforces. */
export type DocSource = Citation;

/** What the oracles know: the spec, and which answers the UNCONFIRMED points allow. */
export interface OracleContext {
  contract: Contract;
  assumptions: Assumptions;
  /** Accept only the assumed choice of each UNCONFIRMED point, not its alternatives. */
  strict: boolean;
}

/**
 * A broken invariant: which of its checks failed (`kind`), what was expected and what came back,
 * and the exchanges that show it, first the one whose answer is judged (its status and code
 * characterise the problem). Violations of one kind with the same
 * status and error code are one problem to triage: they share a key.
 */
export interface Violation {
  kind: string;
  /** The classifier rule the violation is about, when there is one (rules.ts). */
  rule?: string;
  message: string;
  /** The status and first error code of the judged answer. */
  status: number | undefined;
  code: string | undefined;
  exchanges: Exchange[];
}

export const violationKey = (v: Pick<Violation, 'kind' | 'rule' | 'status' | 'code'>): string =>
  [v.kind, v.rule ?? '-', v.status ?? '-', v.code ?? '-'].join(' ');

/** Builds a violation of one of an invariant's kinds. */
export type Fail<K extends string> = (kind: K, message: string, exchanges: Exchange[], rule?: string) => Violation;

function fail<K extends string>(kind: K, message: string, exchanges: Exchange[], rule?: string): Violation {
  const atFault = exchanges[0]?.response;
  return {
    kind,
    ...(rule === undefined ? {} : { rule }),
    message,
    status: atFault?.status,
    code: atFault === undefined ? undefined : errorCodes(atFault.body)[0],
    exchanges,
  };
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
  features?: (c: unknown) => readonly Feature[];
  /** What fast-check needs besides seed and path to replay the case (fc.commands' replayPath). */
  replayState?: (c: unknown) => string | undefined;
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
  /** The ways it can be violated, each with the source that says it must not happen. */
  violations: Readonly<Record<string, Source>>;
  /** Faults of the mock's catalogue that must make this invariant fail (its kill tests). */
  killedBy: readonly FaultName[];
  /** Why this invariant cannot run against this world (e.g. no factory token), if so. */
  skipReason(world: World): string | undefined;
  /** `replayState`: a counterexample's, when its case is being replayed. */
  property(ctx: CaseContext, oracle: OracleContext, replayState?: string): Property;
  /** The check alone, on an observation of this invariant's scenario (what its unit tests call). */
  check(observation: Observation, oracle: OracleContext): Violation | undefined;
}

export interface InvariantDefinition<C, O extends Observation, K extends string> {
  id: InvariantId;
  title: string;
  doc: DocSource;
  violations: Readonly<Record<K, Source>>;
  killedBy: readonly FaultName[];
  skipReason?: (world: World) => string | undefined;
  scenario: (oracle: OracleContext, replayState?: string) => Scenario<C, O>;
  check(observation: O, oracle: OracleContext, fail: Fail<K>): Violation | undefined;
}

/**
 * Statuses a correct server may answer whatever the request: a gateway's or an overloaded
 * server's (RFC 9110 §15.6.3–15.6.5), which the transport retries. Every other 5xx says the server
 * erred (§15.6): whatever the input, and whichever invariant sent it, it is a violation.
 */
const TRANSIENT = new Set([502, 503, 504]);

function serverError(observation: Observation): Violation | undefined {
  const erred = observation.exchanges.find((e) => e.response.status >= 500 && !TRANSIENT.has(e.response.status));
  return (
    erred &&
    fail(
      'server-error',
      `${erred.request.method} ${new URL(erred.request.url).pathname} answered ${erred.response.status}: the server erred`,
      [erred],
    )
  );
}

/** Erases the case and observation types, so that all invariants fit in one registry. */
export function defineInvariant<C, O extends Observation, K extends string>(
  definition: InvariantDefinition<C, O, K>,
): Invariant {
  const judge = (observation: O, oracle: OracleContext) =>
    serverError(observation) ?? definition.check(observation, oracle, fail);
  return {
    id: definition.id,
    title: definition.title,
    doc: definition.doc,
    violations: { 'server-error': CITED.serverError, ...definition.violations },
    killedBy: definition.killedBy,
    skipReason: definition.skipReason ?? (() => undefined),
    check: (observation, oracle) => judge(observation as O, oracle),
    property(ctx, oracle, replayState) {
      const scenario = definition.scenario(oracle, replayState);
      return {
        cases: scenario.cases(ctx) as fc.Arbitrary<unknown>,
        describe: (c) => scenario.describe(c as C),
        ...(scenario.features ? { features: (c: unknown) => scenario.features!(c as C) } : {}),
        ...(scenario.replayState ? { replayState: (c: unknown) => scenario.replayState!(c as C) } : {}),
        async run(world, c) {
          const started = performance.now();
          const observation = await scenario.run(world, c as C);
          const observed = performance.now();
          const violation = judge(observation, oracle);
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
