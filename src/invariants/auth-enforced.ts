import { CITED } from '../spec/index.ts';
import { updateScenario, type UpdateObservation } from '../scenarios/index.ts';
import { REFUSAL_VIOLATIONS, refusedUnchanged } from './refusal.ts';
import { defineInvariant } from './types.ts';

export default defineInvariant({
  id: 'auth-enforced',
  title:
    'A missing or invalid credential, or a token without CMA access, is refused and changes nothing, even on its own token; a role that may not manage API tokens is refused, or (the docs leave it open) has its update applied exactly as sent',
  doc: CITED.manageTokens,
  violations: REFUSAL_VIOLATIONS,
  killedBy: ['update-skips-permission-check', 'update-skips-cma-flag', 'self-update-allowed'],
  scenario: () =>
    updateScenario('updates by weak or missing credentials', {
      targets: ['owned', 'self'],
      callers: ['none', 'invalid', 'no-manage', 'no-cma'],
      bodies: 'valid',
      names: 'accepted',
    }),
  check: (o: UpdateObservation, oracle, fail) => refusedUnchanged(o, oracle, fail),
});
