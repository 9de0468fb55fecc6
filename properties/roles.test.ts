import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { suite } from './support/harness.ts';

const s = await suite();

describe('"If you omit `relationships` from the payload, the token\'s existing role is preserved."', () => {
  const p = s.property('role-preserved-when-omitted');
  test.prop([p.cases], p.params)('an update without relationships keeps the role', p.check);
});

describe('"Send `relationships.role` only when you want to reassign the token to a different role."', () => {
  const p = s.property('role-reassigned');
  test.prop([p.cases], p.params)('an update with relationships.role gives exactly that role', p.check);
});
