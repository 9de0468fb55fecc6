import { defineFault } from './define.ts';

export default defineFault({
  name: 'hardcoded-not-rotatable',
  summary: 'Factory tokens cannot be rotated (NON_EDITABLE_ACCESS_TOKEN), as before the docs said they can.',
  create: () => ({
    mayRotate: (token, allowed) => allowed && token.hardcodedType === null,
  }),
});
