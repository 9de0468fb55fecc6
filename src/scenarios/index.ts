// Experiments: each turns a generated case into an Observation of the target, through the World
// of fixtures the run created.
export {
  concurrencyScenario,
  type ConcurrencyCase,
  type ConcurrencyObservation,
  type SubmittedState,
} from './concurrent.ts';
export { hardcodedScenario, type HardcodedObservation, type RotationCheck } from './hardcoded.ts';
export { idempotenceScenario, type IdempotenceObservation } from './idempotent.ts';
export {
  flagText,
  permissionsScenario,
  reflects,
  type AccessExpectation,
  type Expect,
  type PermissionCase,
  type PermissionObservation,
  type Propagation,
} from './permissions.ts';
export {
  describePlan,
  lifecycleScenario,
  type Divergence,
  type LifecycleJudge,
  type LifecycleObservation,
  type LifecycleStart,
  type LifecycleStep,
  type Operation,
  type Plan,
} from './lifecycle.ts';
export { probe, probeOutcome, type Probe, type ProbeOutcome, type Surface } from './probes.ts';
export { noOpBody, resolveUpdate, type ResolvedUpdate } from './resolve.ts';
export { caseContext, type CaseContext, type Observation, type Scenario } from './scenario.ts';
export {
  describeUpdate,
  framedUpdateScenario,
  observeUpdate,
  type FramedUpdateObservation,
  updateBatchScenario,
  updateScenario,
  type UpdateBatchObservation,
  type UpdateObservation,
  type UpdateStep,
} from './update.ts';
export {
  createdIdOf,
  sameWritableState,
  tokenView,
  viewOf,
  viewsOf,
  type Snapshot,
  type TokenView,
  type WritableState,
} from './views.ts';
export { removeOwned, World, WorldError, type WorldIds } from './world.ts';
