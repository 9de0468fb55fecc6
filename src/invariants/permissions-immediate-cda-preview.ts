import { permissionInvariant } from './access.ts';

export default permissionInvariant({
  id: 'permissions-immediate-cda-preview',
  title: "The token's very next CDA call with drafts follows its new can_access_cda_preview flag",
  surfaces: ['cda-preview'],
  killedBy: ['drafts-without-preview-flag'],
});
