import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { suite } from './support/harness.ts';

const s = await suite();

describe('"The token\'s secret value is not affected — to rotate it, use the Rotate API token endpoint."', () => {
  const p = s.property('secret-unchanged');
  test.prop([p.cases], p.params)("no update, valid or not, changes the token's secret", p.check);
});
