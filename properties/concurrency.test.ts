import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { suite } from './support/harness.ts';

const s = await suite();

describe('PUT replaces the state of the resource (RFC 9110 §9.3.4)', () => {
  const p = s.property('concurrent-updates-atomic');
  test.prop([p.cases], p.params)(
    'k concurrent updates of one token end in exactly one of the submitted states, secret unchanged',
    p.check,
  );
});
