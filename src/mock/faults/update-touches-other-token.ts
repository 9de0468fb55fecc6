import { defineFault } from './define.ts';

export default defineFault({
  name: 'update-touches-other-token',
  summary:
    'The flags are saved with `UPDATE … WHERE role_id = ?`: every editable token with the same role gets them too.',
  create: () => ({
    afterUpdate: ({ store, after }) => {
      for (const token of store.tokens.values()) {
        if (token.id === after.id || token.hardcodedType !== null || token.roleId !== after.roleId) continue;
        token.can_access_cda = after.can_access_cda;
        token.can_access_cda_preview = after.can_access_cda_preview;
        token.can_access_cma = after.can_access_cma;
      }
    },
  }),
});
