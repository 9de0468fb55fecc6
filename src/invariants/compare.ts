import { LAST_ACCESS, storedNames, TOKEN_ATTRIBUTES, type LastAccess, type TokenBody } from '../spec/index.ts';
import { viewOf, type TokenView } from '../scenarios/index.ts';
import type { Exchange } from '../target/index.ts';
import type { OracleContext } from './types.ts';

/** The fields a request can change (or must not), as compared by the oracles. */
export const DURABLE_FIELDS = [...TOKEN_ATTRIBUTES, 'roleId', 'hardcoded_type', 'secret'] as const;
type Field = (typeof DURABLE_FIELDS)[number];

/** The fields that differ, as `field: before → after`. */
export function differences(before: TokenView, after: TokenView, fields: readonly Field[] = DURABLE_FIELDS): string[] {
  const changed = fields
    .filter((f) => before[f] !== after[f])
    .map((f) => `${f}: ${show(before[f])} → ${show(after[f])}`);
  for (const f of ['last_cma_access', 'last_cda_access'] as const) {
    if (!lastAccessExplained(before[f], after[f])) changed.push(`${f}: ${before[f]} → ${after[f]}`);
  }
  return changed;
}

/**
 * "today" is usage, an older bucket is time passing (the buckets, most recent first, are the
 * documented ones); anything else is a write. A form the docs do not list cannot be judged.
 */
export function lastAccessExplained(before: LastAccess, after: LastAccess): boolean {
  const [b, a] = [LAST_ACCESS.indexOf(before), LAST_ACCESS.indexOf(after)];
  return b < 0 || a < 0 || after === 'today' || a >= b;
}

export const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value) : String(value);

/** What changed between two snapshots of the project, among `scope` (every token before, by default), leaving out `except`. */
export function projectChanges(
  before: readonly TokenView[],
  after: readonly TokenView[],
  except?: string,
  scope?: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  for (const token of before) {
    if (token.id === except || (scope && !scope.has(token.id))) continue;
    const now = after.find((t) => t.id === token.id);
    if (!now) problems.push(`token ${token.id} disappeared`);
    else problems.push(...differences(token, now).map((d) => `token ${token.id} ${d}`));
  }
  return problems;
}

/** How a token shown after an applied update differs from the attributes sent (a name in any form a correct server may store). */
export function attributeDifferences(sent: TokenBody, shown: TokenView, oracle: OracleContext): string[] {
  const wrong: string[] = [];
  for (const attribute of TOKEN_ATTRIBUTES) {
    const value = attribute === 'name' ? sent.name : sent.flags[attribute];
    if (value === undefined) continue;
    const ok =
      attribute === 'name'
        ? storedNames(value as string, oracle.assumptions, oracle.strict).includes(shown.name)
        : shown[attribute] === value;
    if (!ok) wrong.push(`${attribute}: sent ${show(value)}, shows ${show(shown[attribute])}`);
  }
  return wrong;
}

/**
 * Everything that differs from what an applied update asked for: the attributes sent, the role
 * sent or, without relationships, the role it had; the secret and hardcoded_type as they were.
 */
export function appliedDifferences(
  sent: TokenBody,
  before: TokenView,
  shown: TokenView,
  oracle: OracleContext,
): string[] {
  const wrong = attributeDifferences(sent, shown, oracle);
  const role = sent.relationships === 'omitted' ? before.roleId : sent.roleId;
  if (role !== undefined && shown.roleId !== role)
    wrong.push(`role: expected ${role ?? 'null'}, shows ${shown.roleId ?? 'null'}`);
  if (shown.secret !== null && before.secret !== null && shown.secret !== before.secret)
    wrong.push('the secret changed');
  wrong.push(...differences(before, shown, ['hardcoded_type']));
  return wrong;
}

/** The first place (update response, then next read) whose role is not the expected one. */
export function roleMismatch(
  expected: string | null,
  places: readonly (readonly [string, Exchange])[],
): { where: string; actual: string | null; exchange: Exchange } | undefined {
  for (const [where, exchange] of places) {
    const actual = viewOf(exchange)?.roleId;
    if (actual !== undefined && actual !== expected) return { where, actual, exchange };
  }
  return undefined;
}
