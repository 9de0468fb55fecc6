import type { Capabilities } from '../capabilities.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'permissions-one-request-late',
  summary: 'A per-token permission cache is refreshed after use, so a change applies from the second request on.',
  create: () => {
    const cache = new Map<string, Capabilities>();
    return {
      capabilities: (token, fresh) => {
        const cached = cache.get(token.id);
        cache.set(token.id, fresh);
        return cached ?? fresh;
      },
    };
  },
});
