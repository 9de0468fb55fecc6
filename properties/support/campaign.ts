import { campaignConfig, runCampaign, type CampaignConfig, type InvariantResult } from '../../src/campaign/index.ts';
import { embeddedTarget } from '../../src/embedded/index.ts';
import type { InvariantId } from '../../src/invariants/index.ts';
import type { MockOptions } from '../../src/mock/index.ts';
import { formatFailure } from '../../src/report/index.ts';

/** Every property of this folder is seeded: a failure here replays with the same seed. */
export const SEED = 20261202;

/** One invariant's campaign against a fresh embedded mock. */
export async function campaignOf(
  id: InvariantId,
  mock: MockOptions = {},
  config: Partial<CampaignConfig> = {},
): Promise<InvariantResult> {
  const target = await embeddedTarget(mock);
  try {
    const result = await runCampaign(target, campaignConfig({ invariants: [id], seed: SEED, ...config }));
    return result.invariants[0] as InvariantResult;
  } finally {
    await target.close();
  }
}

/** The invariant holds against the mock over 50 runs; otherwise the test fails with the report of each failure. */
export async function holds(id: InvariantId): Promise<void> {
  const result = await campaignOf(id, {}, { runs: 50 });
  if (result.verdict === 'held') return;
  const report = result.failures.map((f) => formatFailure(result, f)).join('\n\n');
  throw new Error(`${id}: ${result.verdict}\n${report || result.error || result.skipReason || ''}`);
}
