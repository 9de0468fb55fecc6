import type { Capabilities } from '../capabilities.ts';
import { defineFault } from './define.ts';

const REFRESH_MS = 1000;

export default defineFault({
  name: 'new-connections-see-stale-permissions',
  summary:
    'New connections are served by a replica whose permission cache refreshes every second; kept-alive connections stay on the primary.',
  create: () => {
    const replica = new Map<string, { capabilities: Capabilities; at: number }>();
    return {
      capabilities: (token, fresh, now, request) => {
        if (!request.opensConnection) return fresh;
        const cached = replica.get(token.id);
        if (cached && now - cached.at < REFRESH_MS) return cached.capabilities;
        replica.set(token.id, { capabilities: fresh, at: now });
        return fresh;
      },
    };
  },
});
