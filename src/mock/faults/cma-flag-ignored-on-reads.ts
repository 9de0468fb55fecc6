import { defineFault } from './define.ts';

export default defineFault({
  name: 'cma-flag-ignored-on-reads',
  summary: 'can_access_cma is checked only on writes: a token without it can still read through the CMA.',
  create: () => ({
    capabilities: (_token, computed, _now, request) =>
      request.surface === 'cma' && request.method === 'GET' ? { ...computed, cma: true } : computed,
  }),
});
