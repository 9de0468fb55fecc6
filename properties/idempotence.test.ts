import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { suite } from './support/harness.ts';

const s = await suite();

describe('PUT is idempotent (RFC 9110 §9.2.2)', () => {
  const p = s.property('idempotent');
  test.prop([p.cases], p.params)('the same update twice leaves the same state and the same response', p.check);
});
