import { defineFault } from './define.ts';

const TTL_MS = 1000;

export default defineFault({
  name: 'write-permission-cached',
  summary:
    "Token writes check a per-token cache of the role's can_manage_access_tokens, kept 1 s; reads check it fresh: a revoked role still writes.",
  create: () => {
    const cache = new Map<string, { allowed: boolean; at: number }>();
    return {
      mayManageTokens: (caller, allowed) => {
        const entry = cache.get(caller.id);
        if (entry && Date.now() - entry.at < TTL_MS) return entry.allowed;
        cache.set(caller.id, { allowed, at: Date.now() });
        return allowed;
      },
    };
  },
});
