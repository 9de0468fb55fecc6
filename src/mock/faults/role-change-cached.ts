import { cachedDecision } from './cache.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'role-change-cached',
  summary:
    "A token's role permissions are cached for 1 s: after a role change, it still sees (or not) secrets as before.",
  create: () => ({ capabilities: cachedDecision('manageTokens', 1000, () => true) }),
});
