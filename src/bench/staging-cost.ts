import { campaignConfig, runCampaign } from '../campaign/index.ts';
import type { InvariantId } from '../invariants/index.ts';
import { startMock } from '../mock/index.ts';
import { remoteTarget } from '../target/index.ts';

export interface StagingCost {
  runsPerInvariant: number;
  perInvariant: { id: string; requests: number }[];
  /** Creating and removing the run's fixtures. */
  setupAndCleanup: number;
  total: number;
  /** The time the rate limit forces on the total, at the default share (50% of 60 per 3 s). */
  pacedSeconds: number;
  budget: { requests: 1200; seconds: 180 };
}

/** What a default staging campaign costs, measured against a mock started on its own (as staging). */
export async function measureStagingCost(
  runsPerInvariant: number,
  invariants: readonly InvariantId[],
): Promise<StagingCost> {
  const mock = await startMock();
  const target = await remoteTarget({
    cmaUrl: mock.cmaUrl,
    cdaUrl: mock.cdaUrl,
    token: mock.adminSecret,
    environment: undefined,
  });
  try {
    const result = await runCampaign(
      target,
      campaignConfig({ invariants, runs: runsPerInvariant, seed: 7, shrink: false }),
    );
    const perInvariant = result.invariants.map((r) => ({ id: r.id, requests: r.requests }));
    const campaign = perInvariant.reduce((sum, r) => sum + r.requests, 0);
    return {
      runsPerInvariant,
      perInvariant,
      setupAndCleanup: result.requests - campaign,
      total: result.requests,
      pacedSeconds: Math.ceil(result.requests / 30) * 3,
      budget: { requests: 1200, seconds: 180 },
    };
  } finally {
    await target.close();
    await mock.close();
  }
}
