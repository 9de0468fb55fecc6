import { lifecycleScenario, type LifecycleObservation } from '../scenarios/index.ts';
import { CITED } from '../spec/index.ts';
import { lifecycleModel, type LifecycleKind } from './lifecycle-model.ts';
import { defineInvariant } from './types.ts';

const VIOLATIONS: Record<LifecycleKind, (typeof CITED)[keyof typeof CITED]> = {
  'refused-wrongly': CITED.updates,
  'applied-wrongly': CITED.clientError,
  'answer-wrong': CITED.putReplaces,
  'state-wrong': CITED.putEquivalentRead,
  'secret-changed': CITED.secretUnaffected,
  'rotation-wrong': CITED.rotationKeepsTheRest,
  'old-secret-works': CITED.oldSecretRefused,
  'dangling-reference': CITED.absentRelated,
  'deleted-token-lives': CITED.deleteRemoves,
  'access-wrong': CITED.intersection,
  'last-access-wrong': CITED.lastCmaAccess,
  'not-linearizable': CITED.putReplaces,
};

export default defineInvariant({
  id: 'lifecycle-conforms',
  title:
    'Any sequence of creations, updates, rotations, deletions, reads, probes and races on tokens and roles agrees with a model of the documentation after every step',
  doc: CITED.updates,
  violations: VIOLATIONS,
  killedBy: [
    'rotation-resets-role',
    'update-after-rotation-restores-secret',
    'lost-rotation-on-concurrent-update',
    'nul-in-name-500',
    'deleted-role-still-assignable',
  ],
  scenario: (oracle, replayPath) =>
    lifecycleScenario('sequences of operations on tokens and roles', (start) => lifecycleModel(start, oracle), {
      max: 10,
      ...(replayPath === undefined ? {} : { replayPath }),
    }),
  check(o: LifecycleObservation, oracle, fail) {
    const judge = lifecycleModel(o.start, oracle);
    for (const step of o.steps) {
      const divergence = judge.judge(step);
      if (divergence) return fail(divergence.kind, divergence.message, divergence.exchanges, divergence.rule);
    }
    return undefined;
  },
});
