import { defineFault } from './define.ts';

export default defineFault({
  name: 'role-reset-on-rename',
  summary: 'An update without relationships that also renames the token resets its role to the Editor role.',
  create: () => ({
    planUpdate: (target, change, body, store) => {
      const omitted = (body.data as Record<string, unknown>).relationships === undefined;
      const editor = [...store.roles.values()].find((role) => role.name === 'Editor');
      return omitted && change.name !== target.name && editor ? { ...change, roleId: editor.id } : change;
    },
  }),
});
