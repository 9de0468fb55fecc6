import { permissionInvariant } from './access.ts';

export default permissionInvariant({
  id: 'permissions-immediate-cda',
  title: "The token's very next CDA call for published content follows its new flags",
  surfaces: ['cda'],
  killedBy: ['grant-cached-cda'],
});
