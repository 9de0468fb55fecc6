import { defineFault } from './define.ts';

export default defineFault({
  name: 'update-skips-cma-flag',
  summary: 'can_access_cma is checked only on reads: a token without it can still write through the CMA.',
  create: () => ({
    capabilities: (_token, computed, _now, request) =>
      request.surface === 'cma' && request.method !== 'GET'
        ? { ...computed, cma: true, manageTokens: computed.roleManagesTokens }
        : computed,
  }),
});
