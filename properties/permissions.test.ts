import { test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { suite } from './support/harness.ts';

const s = await suite();

describe('"Changes to the role or surface flags take effect immediately … on the very next call."', () => {
  const cma = s.property('permissions-immediate-cma');
  test.prop([cma.cases], cma.params)(
    "the token's very next CMA call follows its new can_access_cma and role",
    cma.check,
  );

  const cda = s.property('permissions-immediate-cda');
  test.prop([cda.cases], cda.params)("the token's very next CDA call follows its new flags", cda.check);

  const drafts = s.property('permissions-immediate-cda-preview');
  test.prop([drafts.cases], drafts.params)(
    "the token's very next CDA call with drafts follows can_access_cda_preview",
    drafts.check,
  );
});
