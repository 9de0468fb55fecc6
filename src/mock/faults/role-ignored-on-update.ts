import { defineFault } from './define.ts';

export default defineFault({
  name: 'role-ignored-on-update',
  summary: 'relationships.role is accepted but never written: the update keeps the old role.',
  create: () => ({
    planUpdate: (target, change) => ({ ...change, roleId: target.roleId }),
  }),
});
