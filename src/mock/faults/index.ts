import type { Fault } from './define.ts';
import hardcodedEditable from './hardcoded-editable.ts';
import invalidUpdatePartlyApplied from './invalid-update-partly-applied.ts';
import permissionsOneRequestLate from './permissions-one-request-late.ts';
import roleDroppedWhenOmitted from './role-dropped-when-omitted.ts';
import secretRotatesOnUpdate from './secret-rotates-on-update.ts';

export type { Fault } from './define.ts';

/** The fault catalogue, by name. */
export const FAULTS: readonly Fault[] = [
  secretRotatesOnUpdate,
  roleDroppedWhenOmitted,
  hardcodedEditable,
  permissionsOneRequestLate,
  invalidUpdatePartlyApplied,
];

export function findFault(name: string): Fault {
  const fault = FAULTS.find((f) => f.name === name);
  if (!fault) throw new Error(`unknown fault "${name}" (known: ${FAULTS.map((f) => f.name).join(', ')})`);
  return fault;
}
