import { defineFault } from './define.ts';

export default defineFault({
  name: 'update-skips-permission-check',
  summary:
    "can_manage_access_tokens is checked on create and destroy but not on update (like the legacy controller's before_action).",
  // The legacy controller's behaviour: docs/datocms-behaviour.md §12.2 lets a correct server do it.
  takes: { manageTokensToUpdate: 'allowed' },
  create: () => ({
    mayManageTokens: (_caller, allowed, action) => allowed || action === 'update',
  }),
});
