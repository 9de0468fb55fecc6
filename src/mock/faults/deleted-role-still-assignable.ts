import { defineFault } from './define.ts';

export default defineFault({
  name: 'deleted-role-still-assignable',
  summary:
    'Roles are soft-deleted and the role lookup of token writes does not filter them: a token can be given a deleted role.',
  create: () => ({
    findRole: (id, found, store) => found ?? store.deletedRoles.get(id),
  }),
});
