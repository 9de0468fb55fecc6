import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { suite } from './support/harness.ts';

const s = await suite();

describe('an update is about one token', () => {
  const p = s.property('others-untouched');
  test.prop([p.cases], p.params)('updating one token leaves every other token unchanged', p.check);
});
