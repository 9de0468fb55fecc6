import { describe, expect, it } from 'vitest';
import { campaignOf } from './support/campaign.ts';

// fast-check shrinks a sequence of commands by the steps that ran: seed and path alone do not find
// it again. The counterexample's path carries that record, and the replay runs the same sequence.
describe('a shrunk sequence of the lifecycle', () => {
  it('replays from its seed and path: the same steps, the same failure, and nothing without the fault', async () => {
    const fault = { faults: ['update-after-rotation-restores-secret'] };
    const found = await campaignOf('lifecycle-conforms', fault, { runs: 100, maxFailures: 1 });
    const [failure] = found.failures;
    const cx = failure?.counterexample;
    expect(cx?.path).toMatch(/@/);
    const replay = { seed: cx?.seed ?? 0, path: cx?.path ?? '' };
    const again = await campaignOf('lifecycle-conforms', fault, { replay });
    expect(again.failures[0]?.counterexample.description).toBe(cx?.description);
    expect(again.failures[0]?.key).toBe(failure?.key);
    expect((await campaignOf('lifecycle-conforms', {}, { replay })).verdict).toBe('held');
  });
});
