import { defineFault } from './define.ts';

export default defineFault({
  name: 'hardcoded-editable',
  summary: 'Factory tokens (non-null hardcoded_type) accept edits like any other token.',
  create: () => ({
    editable: () => true,
  }),
});
