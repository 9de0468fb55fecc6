import { permissionInvariant } from './access.ts';

export default permissionInvariant({
  id: 'permissions-immediate-cma',
  title: "The token's very next CMA call, read or write, follows its new can_access_cma flag and its new role",
  surfaces: ['cma', 'cma-write', 'secrets'],
  killedBy: [
    'permissions-one-request-late',
    'revocation-cached-cma',
    'cma-flag-ignored-on-reads',
    'role-change-cached',
    'write-permission-cached',
    'new-connections-see-stale-permissions',
  ],
});
