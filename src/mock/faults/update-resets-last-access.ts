import { defineFault } from './define.ts';

export default defineFault({
  name: 'update-resets-last-access',
  summary:
    'An update rebuilds the token row from the body and column defaults: last_cma_access and last_cda_access go back to never.',
  create: () => ({
    planUpdate: (_target, change) => ({ ...change, lastCmaAccessAt: null, lastCdaAccessAt: null }),
  }),
});
