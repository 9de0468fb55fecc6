import { LAST_ACCESS, type LastAccess } from '../spec/index.ts';
import { viewOf, type TokenView } from '../scenarios/index.ts';
import type { Exchange } from '../target/index.ts';

/** The fields a request can change (or must not), as compared by the oracles. */
export const DURABLE_FIELDS = [
  'name',
  'can_access_cda',
  'can_access_cda_preview',
  'can_access_cma',
  'roleId',
  'hardcodedType',
  'secret',
] as const;
type Field = (typeof DURABLE_FIELDS)[number];

/** The fields that differ, as `field: before → after`. */
export function differences(before: TokenView, after: TokenView, fields: readonly Field[] = DURABLE_FIELDS): string[] {
  const changed = fields
    .filter((f) => before[f] !== after[f])
    .map((f) => `${f}: ${show(before[f])} → ${show(after[f])}`);
  for (const f of ['lastCmaAccess', 'lastCdaAccess'] as const) {
    if (!lastAccessExplained(before[f], after[f])) changed.push(`${f}: ${before[f]} → ${after[f]}`);
  }
  return changed;
}

// "today" is usage, an older bucket is time passing; anything else is a write.
export function lastAccessExplained(before: LastAccess, after: LastAccess): boolean {
  return after === before || after === 'today' || LAST_ACCESS.indexOf(after) > LAST_ACCESS.indexOf(before);
}

export const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value) : String(value);

/** The four writable attributes of a body, if it has them. */
export function sentAttributes(body: unknown): Record<string, unknown> | undefined {
  const data = (body as { data?: { attributes?: Record<string, unknown> } } | undefined)?.data;
  return data?.attributes;
}

/** What changed between two snapshots of the project, leaving out one token (or none). */
export function projectChanges(before: readonly TokenView[], after: readonly TokenView[], except?: string): string[] {
  const problems: string[] = [];
  for (const token of before) {
    if (token.id === except) continue;
    const now = after.find((t) => t.id === token.id);
    if (!now) problems.push(`token ${token.id} disappeared`);
    else problems.push(...differences(token, now).map((d) => `token ${token.id} ${d}`));
  }
  return problems;
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
