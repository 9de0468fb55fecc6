import attributesApplied from './attributes-applied.ts';
import authEnforced from './auth-enforced.ts';
import concurrentUpdatesAtomic from './concurrent-updates-atomic.ts';
import hardcodedRejected from './hardcoded-rejected.ts';
import idempotent from './idempotent.ts';
import lifecycleConforms from './lifecycle-conforms.ts';
import unsetAttributesUnchanged from './unset-attributes-unchanged.ts';
import invalidRejectedUnchanged from './invalid-rejected-unchanged.ts';
import othersUntouched from './others-untouched.ts';
import permissionsImmediateCdaPreview from './permissions-immediate-cda-preview.ts';
import permissionsImmediateCda from './permissions-immediate-cda.ts';
import permissionsImmediateCma from './permissions-immediate-cma.ts';
import readOnlyUntouched from './read-only-untouched.ts';
import responseConforms from './response-conforms.ts';
import roleReassigned from './role-reassigned.ts';
import rolePreservedWhenOmitted from './role-preserved-when-omitted.ts';
import secretUnchanged from './secret-unchanged.ts';
import { INVARIANT_IDS, type Invariant, type InvariantId } from './types.ts';

export { expectationFor, expectationOf, factsOf, type Expectation, type Reason } from './expectation.ts';
export { RULES, type Rule, type UpdateFacts } from './rules.ts';
export { access } from './access.ts';
export { outcomeOf, type Outcome } from './outcome.ts';
export {
  INVARIANT_IDS,
  type DocSource,
  type Invariant,
  type InvariantId,
  type OracleContext,
  type Property,
  type RunTimings,
  type Violation,
  violationKey,
} from './types.ts';

/** Every invariant, in the order reports list them. */
export const INVARIANTS: readonly Invariant[] = [
  secretUnchanged,
  rolePreservedWhenOmitted,
  roleReassigned,
  attributesApplied,
  hardcodedRejected,
  permissionsImmediateCma,
  permissionsImmediateCda,
  permissionsImmediateCdaPreview,
  invalidRejectedUnchanged,
  responseConforms,
  idempotent,
  authEnforced,
  readOnlyUntouched,
  othersUntouched,
  concurrentUpdatesAtomic,
  unsetAttributesUnchanged,
  lifecycleConforms,
];

export function invariantById(id: string): Invariant {
  const found = INVARIANTS.find((i) => i.id === id);
  if (!found) throw new Error(`unknown invariant "${id}" (known: ${INVARIANT_IDS.join(', ')})`);
  return found;
}

/** --only / --skip, validated. */
export function selectInvariants(only: readonly string[] = [], skip: readonly string[] = []): Invariant[] {
  for (const id of [...only, ...skip]) invariantById(id);
  return INVARIANTS.filter((i) => (only.length === 0 || only.includes(i.id)) && !skip.includes(i.id as InvariantId));
}
