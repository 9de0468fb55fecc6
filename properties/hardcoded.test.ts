import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { suite } from './support/harness.ts';

const s = await suite();

describe('"Factory tokens … reject this endpoint with `NON_EDITABLE_ACCESS_TOKEN`. They can still be deleted or rotated."', () => {
  const p = s.property('hardcoded-rejected');
  test.prop([p.cases], p.params)(
    'an update of a factory token is refused, changes nothing, and the token can still be rotated',
    p.check,
  );
});
