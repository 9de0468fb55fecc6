import { runCampaign, type CampaignResult } from '../../src/campaign/index.ts';
import { invariantById, type InvariantId } from '../../src/invariants/index.ts';
import { loadContract, resolveAssumptions } from '../../src/spec/index.ts';
import { embeddedTarget } from '../../src/target/index.ts';

/** A small campaign against a fresh embedded mock with the given faults. */
export async function campaign(
  ids: InvariantId[],
  faults: string[] = [],
  runs = 50,
): Promise<{ result: CampaignResult; secrets: readonly string[] }> {
  const contract = await loadContract();
  const target = await embeddedTarget({ faults });
  try {
    const result = await runCampaign(target, {
      invariants: ids.map(invariantById),
      runs,
      seed: 3,
      oracle: { contract, assumptions: resolveAssumptions(), strict: false },
    });
    return { result, secrets: target.knownSecrets() };
  } finally {
    await target.close();
  }
}
