import { defineFault } from './define.ts';

export default defineFault({
  name: 'self-update-allowed',
  summary:
    'A token may always update itself (a self-service rename): the permission check exempts it, so a token whose role may not manage API tokens can grant itself CMA access or another role.',
  create: () => ({
    mayManageTokens: (caller, allowed, action, target) => allowed || (action === 'update' && target?.id === caller.id),
  }),
});
