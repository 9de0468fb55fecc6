import { defineFault } from './define.ts';

export default defineFault({
  name: 'self-update-allowed',
  summary:
    'A token may always update itself (a self-service rename): the permission check exempts it, so a token whose role may not manage API tokens can grant itself CMA access or another role.',
  // Each update it lets through is one that a server which does not check the permission on update
  // would apply too (docs/datocms-behaviour.md §12.2): only the exemption of the token itself differs.
  takes: { manageTokensToUpdate: 'allowed' },
  create: () => ({
    mayManageTokens: (caller, allowed, action, target) => allowed || (action === 'update' && target?.id === caller.id),
  }),
});
