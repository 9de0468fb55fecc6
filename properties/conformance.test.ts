import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { suite } from './support/harness.ts';

const s = await suite();

describe('the OpenAPI fragment (spec/cma.openapi.yaml) is the contract', () => {
  const p = s.property('response-conforms');
  test.prop([p.cases], p.params)(
    'every response has a documented status, a JSON content type and a valid body',
    p.check,
  );
});
