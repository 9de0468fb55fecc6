import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { suite } from './support/harness.ts';

const s = await suite();

describe('"When an Content Management API endpoint fails for any reason, it will return an HTTP status code outside the 2xx range."', () => {
  const invalid = s.property('invalid-rejected-unchanged');
  test.prop([invalid.cases], invalid.params)(
    'an invalid update gets a documented 4xx error and changes nothing',
    invalid.check,
  );

  const auth = s.property('auth-enforced');
  test.prop([auth.cases], auth.params)('a missing or weak credential is refused and changes nothing', auth.check);
});
