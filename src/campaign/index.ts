// Runs invariants as fast-check properties against a target, and gathers the results the
// reports are rendered from.
export { liveProperty, replayCommand, ViolationError, type LiveOptions, type LiveProperty } from './property.ts';
export { runCampaign, type CampaignOptions } from './runner.ts';
export { invariantSeed, parseReplay, randomSeed } from './seeds.ts';
export type { CampaignResult, Counterexample, InvariantResult, Progress, PropagationSample, Verdict } from './types.ts';
