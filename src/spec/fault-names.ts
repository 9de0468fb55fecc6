// The names of the mock's fault catalogue. They live here, beside the contract, because both sides
// name faults: the mock defines them, and each invariant names those it must catch (its kill
// tests), while the suite may not import the mock. A name that is not here does not compile.

export const FAULT_NAMES = [
  'secret-rotates-on-update',
  'secret-rotates-on-cma-grant',
  'role-dropped-when-omitted',
  'role-reset-on-rename',
  'role-ignored-on-update',
  'name-truncated',
  'stale-read-after-update',
  'relationships-required',
  'hardcoded-editable',
  'hardcoded-rejected-but-applied',
  'hardcoded-wrong-code',
  'hardcoded-not-rotatable',
  'permissions-one-request-late',
  'revocation-cached-cma',
  'cma-flag-ignored-on-reads',
  'role-change-cached',
  'grant-cached-cda',
  'drafts-without-preview-flag',
  'invalid-update-partly-applied',
  'unknown-attributes-accepted',
  'null-role-accepted',
  'deleted-token-updatable',
  'body-id-wins',
  'astral-plane-500',
  'error-document-malformed',
  'name-dedup-not-idempotent',
  'update-skips-permission-check',
  'self-update-allowed',
  'update-skips-cma-flag',
  'read-only-attributes-written',
  'update-touches-other-token',
  'torn-concurrent-writes',
  'torn-read-during-update',
  'update-resets-last-access',
  'update-locks-token',
  'rotation-resets-role',
  'update-after-rotation-restores-secret',
  'lost-rotation-on-concurrent-update',
  'nul-in-name-500',
  'write-permission-cached',
  'deleted-role-still-assignable',
  'new-connections-see-stale-permissions',
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

export const isFaultName = (name: string): name is FaultName => (FAULT_NAMES as readonly string[]).includes(name);
