import type { AccessTokenResource } from '../../spec/index.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'stale-read-after-update',
  summary: 'A read replica lags: the first GET of a token after its update still shows the old token.',
  create: () => {
    const stale = new Map<string, AccessTokenResource>();
    return {
      afterUpdate: ({ before, render }) => void stale.set(before.id, render(before)),
      respond: (request, response) => {
        const id = /^\/access_tokens\/([^/]+)$/.exec(request.path)?.[1];
        const old = id === undefined ? undefined : stale.get(id);
        if (request.method !== 'GET' || !old || response.status !== 200) return response;
        stale.delete(old.id);
        return { ...response, body: { data: old } };
      },
    };
  },
});
