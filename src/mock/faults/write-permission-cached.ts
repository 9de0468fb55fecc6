import { expiringCache } from './cache.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'write-permission-cached',
  summary:
    "Token writes check a per-token cache of the role's can_manage_access_tokens, kept 1 s; reads check it fresh: a revoked role still writes.",
  create: () => {
    const cached = expiringCache<boolean>(1000);
    return { mayManageTokens: (caller, allowed) => cached(caller.id, allowed, Date.now()) };
  },
});
