import { permissionInvariant } from './access.ts';

export default permissionInvariant({
  id: 'permissions-immediate-cma',
  title: "The token's very next CMA call follows its new can_access_cma flag and its new role",
  surfaces: ['cma', 'secrets'],
  killedBy: [
    'permissions-one-request-late',
    'revocation-cached-cma',
    'cma-flag-ignored-on-reads',
    'role-change-cached',
  ],
});
