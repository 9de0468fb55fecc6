import type { UpdateStep } from '../scenarios/index.ts';
import { CITED } from '../spec/index.ts';
import { appliedDifferences, projectChanges } from './compare.ts';
import { expectationFor } from './expectation.ts';
import { describeOutcome, outcomeOf } from './outcome.ts';
import type { Fail, OracleContext, Violation } from './types.ts';

/** The ways a request the contract refuses, or lets the server refuse, can go wrong. */
export const REFUSAL_VIOLATIONS = {
  accepted: CITED.failsOutside2xx,
  'wrong-refusal': CITED.errorDocument,
  'refused-but-changed': CITED.notApplied,
  'applied-not-as-sent': CITED.putTransforms,
  'applied-to-others': CITED.putReplaces,
};
export type RefusalViolation = keyof typeof REFUSAL_VIOLATIONS;

/**
 * One update that some rule refuses: refused as any of its reasons allows and nothing changed;
 * or, where every reason leaves the server the choice, applied exactly as a valid update would be.
 */
export function refusedUnchanged(
  o: UpdateStep,
  oracle: OracleContext,
  fail: Fail<RefusalViolation>,
): Violation | undefined {
  // Chosen from the concrete request: a mutation that shrank into a valid body is not judged here.
  const expectation = expectationFor(o, oracle);
  // Judged here whenever the default oracle judges it: --strict-assumptions narrows what is
  // accepted, never what is looked at (an update the assumed readings let through, such as a name
  // past 255 code points, is still checked for what it did to the project).
  const judged = oracle.strict ? expectationFor(o, { ...oracle, strict: false }) : expectation;
  if (judged.mustApply) return undefined;
  const outcome = outcomeOf(o.update);
  const certain = expectation.reasons.filter((r) => r.certain);
  const why = (certain.length > 0 ? certain : expectation.reasons.filter((r) => r.possible))
    .map((r) => r.rule.why)
    .join(', ');
  const rule = (certain[0] ?? expectation.reasons[0])?.rule.id;
  const watched = o.before.watched;
  if (outcome.kind === 'applied') {
    if (!expectation.mayApply)
      return fail(
        'accepted',
        `a request with ${why} must be refused (${expectation.acceptable}); got ${describeOutcome(outcome)}`,
        [o.update],
        rule,
      );
    const before = o.targetBefore;
    const after = o.after.tokens.find((t) => t.id === o.request.targetId);
    const wrong = before && after ? appliedDifferences(o.request.sent, before, after, oracle) : [];
    if (wrong.length > 0)
      return fail(
        'applied-not-as-sent',
        `a request with ${why}, which the server may apply, was applied otherwise — ${wrong.join('; ')}`,
        [o.update, o.after.exchange],
        rule,
      );
    const others = projectChanges(o.before.tokens, o.after.tokens, o.request.targetId, watched);
    if (others.length > 0)
      return fail(
        'applied-to-others',
        `a request with ${why} changed other tokens — ${others.join('; ')}`,
        [o.update, o.after.exchange],
        rule,
      );
    return undefined;
  }
  if (!expectation.accepts(outcome))
    return fail(
      'wrong-refusal',
      `a request with ${why} must be refused with ${expectation.acceptable}; got ${describeOutcome(outcome)}`,
      [o.update],
      rule,
    );
  const changes = projectChanges(o.before.tokens, o.after.tokens, undefined, watched);
  if (changes.length > 0)
    return fail(
      'refused-but-changed',
      `the refused request (${why}) still changed the project — ${changes.join('; ')}`,
      [o.update, o.after.exchange],
      rule,
    );
  return undefined;
}
