import type { InvariantId, RunTimings } from '../invariants/index.ts';
import type { TargetInfo } from '../target/index.ts';
import type { CampaignResult, Failure, InvariantResult, PropagationSample } from './types.ts';

/**
 * What a campaign reports as it goes. Every output — the console, results.json, NDJSON, JUnit,
 * HTML — is a handler of this stream, so a run that ends in any way leaves a truthful record.
 */
export type CampaignEvent =
  | {
      type: 'campaign-started';
      startedAt: string;
      target: TargetInfo;
      seed: number;
      strict: boolean;
      invariants: { id: InvariantId; title: string; planned: number }[];
    }
  | { type: 'invariant-started'; invariant: InvariantId; planned: number; timeShareMs: number | undefined }
  | {
      type: 'run-finished';
      invariant: InvariantId;
      /** Runs done so far (shrinking steps are not runs), and distinct failures so far. */
      runs: number;
      planned: number;
      failures: number;
      timings: RunTimings;
      propagation: PropagationSample[];
    }
  | { type: 'violation-found'; invariant: InvariantId; failure: Failure }
  | { type: 'invariant-finished'; result: InvariantResult }
  | { type: 'campaign-finished'; result: CampaignResult };

export type CampaignEventType = CampaignEvent['type'];

/** Something that follows a campaign: called with each event, in order, and awaited. */
export type Handler = (event: CampaignEvent) => void | Promise<void>;
