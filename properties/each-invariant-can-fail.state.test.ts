import { eachInvariantCanFail } from './support/kill.ts';

eachInvariantCanFail([
  'secret-unchanged',
  'role-preserved-when-omitted',
  'role-reassigned',
  'attributes-applied',
  'read-only-untouched',
  'others-untouched',
  'idempotent',
  'concurrent-updates-atomic',
]);
