import { defineFault } from './define.ts';

export default defineFault({
  name: 'role-dropped-when-omitted',
  summary: 'An update without `relationships` clears the role (the pre-2026 required-relationships code path).',
  create: () => ({
    planUpdate: (_target, change, body) => {
      const data = body.data as Record<string, unknown>;
      return data.relationships === undefined ? { ...change, roleId: null } : change;
    },
  }),
});
