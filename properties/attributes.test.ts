import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { suite } from './support/harness.ts';

const s = await suite();

describe('"Updates an API token\'s name, role, or API surface flags."', () => {
  const applied = s.property('attributes-applied');
  test.prop([applied.cases], applied.params)(
    'a valid update is accepted, and the response and the next read show exactly what was sent',
    applied.check,
  );

  const readOnly = s.property('read-only-untouched');
  test.prop([readOnly.cases], readOnly.params)(
    'hardcoded_type, last_*_access and the secret cannot be written through the body',
    readOnly.check,
  );
});
