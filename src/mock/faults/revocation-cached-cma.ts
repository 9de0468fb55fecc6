import { cachedDecision } from './cache.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'revocation-cached-cma',
  summary:
    'CMA access decisions that allow are cached for 1 s: a revoked can_access_cma keeps working briefly (grants are immediate).',
  create: () => ({ capabilities: cachedDecision('cma', 1000, (cached) => cached) }),
});
