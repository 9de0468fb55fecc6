import { defineFault } from './define.ts';

export default defineFault({
  name: 'rotation-resets-role',
  summary: "Rotation re-creates the token with the project's default role (Editor) instead of keeping its own.",
  create: () => ({
    afterRotate: (token, _previousSecret, store) => {
      const editor = [...store.roles.values()].find((role) => role.name === 'Editor');
      if (editor) token.roleId = editor.id;
    },
  }),
});
