import { campaignConfig, runCampaign, type CampaignResult, type Handler } from '../../src/campaign/index.ts';
import { embeddedTarget } from '../../src/embedded/index.ts';
import type { InvariantId } from '../../src/invariants/index.ts';
import type { Target } from '../../src/target/index.ts';

/** A small campaign (12 runs per invariant: enough to render) against a fresh embedded mock with the given faults; the target comes back closed. */
export async function campaign(
  ids: InvariantId[],
  faults: string[] = [],
  handlers: Handler[] = [],
): Promise<{ result: CampaignResult; target: Target }> {
  const target = await embeddedTarget({ faults });
  try {
    const result = await runCampaign(target, campaignConfig({ invariants: ids, runs: 12, seed: 3 }), handlers);
    return { result, target };
  } finally {
    await target.close();
  }
}
