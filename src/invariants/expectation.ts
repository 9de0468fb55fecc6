import { accepted, type Assumption, type ErrorChoice } from '../spec/index.ts';
import type { UpdateStep } from '../scenarios/index.ts';
import { isDocumentedRefusal, type Outcome } from './outcome.ts';
import { RULES, type Rule, type Stage, type UpdateFacts } from './rules.ts';
import type { OracleContext } from './types.ts';

/** A rule that applies to the request, and whether, under the readings the oracle accepts, it must refuse. */
export interface Reason {
  rule: Rule;
  /** Every accepted reading refuses. */
  certain: boolean;
  /** Some accepted reading refuses. */
  possible: boolean;
}

/** What the contract allows for one concrete update, whatever the generator meant to send. */
export interface Expectation {
  reasons: Reason[];
  /** Applying it is correct (no reason is certain). */
  mayApply: boolean;
  /** Applying it is required (no reason may refuse). */
  mustApply: boolean;
  /** Whether a refusal is one a correct server could give. */
  accepts(outcome: Outcome & { kind: 'refused' }): boolean;
  /** The acceptable refusals, for messages. */
  acceptable: string;
}

/**
 * Classifies the request that was really sent — after generation and after shrinking — by the
 * rules of rules.ts. The generator's label plays no part (Schemathesis #4332). Since the order of a
 * server's checks is not documented, a refusal for any reason that applies is acceptable.
 */
export function expectationFor(step: UpdateStep, oracle: OracleContext): Expectation {
  return expectationOf(factsOf(step, oracle), oracle);
}

export function factsOf(step: UpdateStep, oracle: OracleContext): UpdateFacts {
  const { request, ids, targetBefore } = step;
  const body: UpdateFacts['body'] =
    request.rawBody === undefined ? { kind: 'json', value: request.body } : { kind: 'text', text: request.rawBody };
  const schema = oracle.contract.operation('updateAccessToken').requestBody?.get(request.contentType);
  const isObject = typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body);
  return {
    caller: step.case.caller,
    urlId: request.targetId,
    target: targetBefore,
    // The run's roles, and every role a token was seen to have: the factory token's own role is the project's.
    roles: new Set([
      ...Object.values(ids.roles),
      ...step.before.tokens.flatMap((t) => (t.roleId === null ? [] : [t.roleId])),
    ]),
    otherNames: new Set(step.before.tokens.flatMap((t) => (t.id === request.targetId ? [] : [t.name]))),
    body,
    issues: body.kind === 'json' && isObject && schema ? oracle.contract.validate(schema, request.body).issues : [],
    sent: request.sent,
  };
}

export function expectationOf(facts: UpdateFacts, oracle: OracleContext): Expectation {
  const reasons = RULES.filter((rule) => rule.applies(facts)).map((rule): Reason => {
    if (!rule.open) return { rule, certain: true, possible: true };
    const { point, refuses } = rule.open;
    const refusing = accepted(oracle.assumptions[point] as Assumption<unknown>, oracle.strict).map((reading) =>
      refuses(reading as never, facts),
    );
    return { rule, certain: refusing.every(Boolean), possible: refusing.some(Boolean) };
  });
  const candidates = oracle.strict ? firstStage(reasons, oracle) : reasons.filter((r) => r.possible);
  const acceptsError = (r: Reason, status: number, code: string): boolean => {
    const documented = r.rule.documented;
    if (documented?.status !== undefined && documented.status !== status) return false;
    if (documented?.code !== undefined && documented.code !== code) return false;
    return (
      !oracle.strict || r.rule.strictErrors(oracle.assumptions).some((e) => e.status === status && e.code === code)
    );
  };
  return {
    reasons,
    mayApply: !reasons.some((r) => r.certain),
    mustApply: !reasons.some((r) => r.possible),
    accepts: (outcome) =>
      isDocumentedRefusal(outcome) &&
      candidates.some((r) => outcome.codes.some((code) => acceptsError(r, outcome.status, code))),
    acceptable: describeAcceptable(candidates, oracle),
  };
}

/**
 * With --strict-assumptions, a server checks in the assumed order: the refusal comes from the
 * first stage with a reason to refuse.
 */
function firstStage(reasons: readonly Reason[], oracle: OracleContext): Reason[] {
  const order: readonly Stage[] = ['credential', ...oracle.assumptions.checkOrder.value];
  const refusing = reasons.filter((r) => r.possible);
  const first = Math.min(...refusing.map((r) => order.indexOf(r.rule.stage)));
  return refusing.filter((r) => order.indexOf(r.rule.stage) === first);
}

function describeAcceptable(candidates: readonly Reason[], oracle: OracleContext): string {
  if (candidates.length === 0) return 'no refusal';
  const each = candidates.map((r) => {
    const errors: readonly ErrorChoice[] = oracle.strict ? r.rule.strictErrors(oracle.assumptions) : [];
    const documented = r.rule.documented;
    const detail = oracle.strict
      ? errors.map((e) => `${e.status} ${e.code}`).join(' or ')
      : [documented?.status, documented?.code].filter((d) => d !== undefined).join(' ') || 'any 4xx error document';
    return `${detail} (${r.rule.why})`;
  });
  return [...new Set(each)].join(', or ');
}
