import { eachInvariantCanFail } from './support/kill.ts';

eachInvariantCanFail([
  'hardcoded-rejected',
  'permissions-immediate-cma',
  'permissions-immediate-cda',
  'permissions-immediate-cda-preview',
  'invalid-rejected-unchanged',
  'auth-enforced',
  'response-conforms',
]);
