import { defineFault } from './define.ts';

export default defineFault({
  name: 'null-role-accepted',
  summary: 'relationships.role.data: null is accepted, and clears the role (the pre-2026 nullable schema).',
  create: () => ({
    validation: (_operationId, _body, issues) => issues.filter((i) => i.pointer !== '/data/relationships/role/data'),
  }),
});
