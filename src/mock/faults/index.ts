import type { Fault } from './define.ts';
import astralPlane500 from './astral-plane-500.ts';
import bodyIdWins from './body-id-wins.ts';
import cmaFlagIgnoredOnReads from './cma-flag-ignored-on-reads.ts';
import deletedTokenUpdatable from './deleted-token-updatable.ts';
import draftsWithoutPreviewFlag from './drafts-without-preview-flag.ts';
import errorDocumentMalformed from './error-document-malformed.ts';
import grantCachedCda from './grant-cached-cda.ts';
import hardcodedEditable from './hardcoded-editable.ts';
import hardcodedNotRotatable from './hardcoded-not-rotatable.ts';
import hardcodedRejectedButApplied from './hardcoded-rejected-but-applied.ts';
import hardcodedWrongCode from './hardcoded-wrong-code.ts';
import invalidUpdatePartlyApplied from './invalid-update-partly-applied.ts';
import nameDedupNotIdempotent from './name-dedup-not-idempotent.ts';
import nameTruncated from './name-truncated.ts';
import newConnectionsSeeStalePermissions from './new-connections-see-stale-permissions.ts';
import nullRoleAccepted from './null-role-accepted.ts';
import permissionsOneRequestLate from './permissions-one-request-late.ts';
import readOnlyAttributesWritten from './read-only-attributes-written.ts';
import relationshipsRequired from './relationships-required.ts';
import revocationCachedCma from './revocation-cached-cma.ts';
import roleChangeCached from './role-change-cached.ts';
import roleDroppedWhenOmitted from './role-dropped-when-omitted.ts';
import roleIgnoredOnUpdate from './role-ignored-on-update.ts';
import roleResetOnRename from './role-reset-on-rename.ts';
import secretRotatesOnCmaGrant from './secret-rotates-on-cma-grant.ts';
import secretRotatesOnUpdate from './secret-rotates-on-update.ts';
import selfUpdateAllowed from './self-update-allowed.ts';
import staleReadAfterUpdate from './stale-read-after-update.ts';
import tornConcurrentWrites from './torn-concurrent-writes.ts';
import tornReadDuringUpdate from './torn-read-during-update.ts';
import unknownAttributesAccepted from './unknown-attributes-accepted.ts';
import updateSkipsCmaFlag from './update-skips-cma-flag.ts';
import updateSkipsPermissionCheck from './update-skips-permission-check.ts';
import updateTouchesOtherToken from './update-touches-other-token.ts';
import updateResetsLastAccess from './update-resets-last-access.ts';
import updateLocksToken from './update-locks-token.ts';
import rotationResetsRole from './rotation-resets-role.ts';
import updateAfterRotationRestoresSecret from './update-after-rotation-restores-secret.ts';
import lostRotationOnConcurrentUpdate from './lost-rotation-on-concurrent-update.ts';
import nulInName500 from './nul-in-name-500.ts';
import writePermissionCached from './write-permission-cached.ts';
import deletedRoleStillAssignable from './deleted-role-still-assignable.ts';

export { takenReadings, type Fault } from './define.ts';

/** The fault catalogue: realistic server bugs, one file each, switched on by name. */
export const FAULTS: readonly Fault[] = [
  secretRotatesOnUpdate,
  secretRotatesOnCmaGrant,
  roleDroppedWhenOmitted,
  roleResetOnRename,
  roleIgnoredOnUpdate,
  nameTruncated,
  staleReadAfterUpdate,
  relationshipsRequired,
  hardcodedEditable,
  hardcodedRejectedButApplied,
  hardcodedWrongCode,
  hardcodedNotRotatable,
  permissionsOneRequestLate,
  revocationCachedCma,
  cmaFlagIgnoredOnReads,
  roleChangeCached,
  grantCachedCda,
  draftsWithoutPreviewFlag,
  invalidUpdatePartlyApplied,
  unknownAttributesAccepted,
  nullRoleAccepted,
  deletedTokenUpdatable,
  bodyIdWins,
  astralPlane500,
  errorDocumentMalformed,
  nameDedupNotIdempotent,
  updateSkipsPermissionCheck,
  selfUpdateAllowed,
  updateSkipsCmaFlag,
  readOnlyAttributesWritten,
  updateTouchesOtherToken,
  tornConcurrentWrites,
  tornReadDuringUpdate,
  updateResetsLastAccess,
  updateLocksToken,
  rotationResetsRole,
  updateAfterRotationRestoresSecret,
  lostRotationOnConcurrentUpdate,
  nulInName500,
  writePermissionCached,
  deletedRoleStillAssignable,
  newConnectionsSeeStalePermissions,
];

export function findFault(name: string): Fault {
  const fault = FAULTS.find((f) => f.name === name);
  if (!fault) throw new Error(`unknown fault "${name}" (known: ${FAULTS.map((f) => f.name).join(', ')})`);
  return fault;
}
