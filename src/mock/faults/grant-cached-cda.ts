import { cachedDecision } from './cache.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'grant-cached-cda',
  summary:
    'CDA refusals are cached for 1 s: a newly granted can_access_cda is refused briefly (revocations are immediate).',
  create: () => ({ capabilities: cachedDecision('cdaPublished', 1000, (cached) => !cached) }),
});
