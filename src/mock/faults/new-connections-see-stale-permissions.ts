import type { Capabilities } from '../capabilities.ts';
import { expiringCache } from './cache.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'new-connections-see-stale-permissions',
  summary:
    'New connections are served by a replica whose permission cache refreshes every second; kept-alive connections stay on the primary.',
  create: () => {
    const replica = expiringCache<Capabilities>(1000);
    return {
      capabilities: (token, fresh, now, request) => (request.opensConnection ? replica(token.id, fresh, now) : fresh),
    };
  },
});
