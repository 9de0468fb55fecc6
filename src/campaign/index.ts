// Runs invariants as fast-check properties against a target, and reports what it finds as a
// stream of events that every output handles.
export type { CampaignEvent, CampaignEventType, Handler } from './events.ts';
export { replayCommand } from './invariant-run.ts';
export { campaignConfig, runCampaign, type CampaignConfig } from './runner.ts';
export { invariantSeed, parseReplay, randomSeed } from './seeds.ts';
export type {
  CampaignResult,
  Counterexample,
  Ending,
  Failure,
  InvariantResult,
  PropagationSample,
  StopReason,
  Verdict,
} from './types.ts';
