import { defineFault } from './define.ts';

export default defineFault({
  name: 'drafts-without-preview-flag',
  summary: 'X-Include-Drafts is granted to any token with CDA access, whatever can_access_cda_preview says.',
  create: () => ({
    capabilities: (token, computed) => ({ ...computed, cdaDrafts: computed.cdaDrafts || token.can_access_cda }),
  }),
});
