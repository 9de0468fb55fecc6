import { newSecret } from '../store.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'secret-rotates-on-cma-grant',
  summary:
    'Granting can_access_cma re-issues the secret ("a CMA credential is a new credential"); other updates keep it.',
  create: () => ({
    planUpdate: (target, change) =>
      !target.can_access_cma && change.can_access_cma ? { ...change, secret: newSecret() } : change,
  }),
});
