import { newSecret } from '../store.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'secret-rotates-on-update',
  summary: 'Every update re-issues the secret, as if update and rotate shared one code path.',
  create: () => ({
    planUpdate: (_target, change) => ({ ...change, secret: newSecret() }),
  }),
});
