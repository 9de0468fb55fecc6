import { describe, expect, it } from 'vitest';
import { campaignConfig, runCampaign, type CampaignEvent } from '../../src/campaign/index.ts';
import { runInvariant } from '../../src/campaign/invariant-run.ts';
import { embeddedTarget } from '../../src/embedded/index.ts';
import { invariantById, type Invariant } from '../../src/invariants/index.ts';
import { caseContext, World } from '../../src/scenarios/index.ts';
import { loadContract, resolveAssumptions } from '../../src/spec/index.ts';
import { remoteTarget } from '../../src/target/index.ts';

async function campaign(faults: string[], config: Parameters<typeof campaignConfig>[0]) {
  const events: CampaignEvent[] = [];
  const target = await embeddedTarget({ faults });
  try {
    const result = await runCampaign(target, campaignConfig(config), [(e) => void events.push(e)]);
    return { result, events };
  } finally {
    await target.close();
  }
}

describe('the campaign runner', () => {
  it('reports each step as an event, in order, and the result the events add up to', async () => {
    const { result, events } = await campaign([], { invariants: ['secret-unchanged', 'idempotent'], runs: 4, seed: 1 });
    const types = events.map((e) => e.type).filter((type, i, all) => type !== all[i - 1]);
    expect(types).toEqual([
      'campaign-started',
      'invariant-started',
      'run-finished',
      'invariant-finished',
      'invariant-started',
      'run-finished',
      'invariant-finished',
      'campaign-finished',
    ]);
    expect(events.filter((e) => e.type === 'run-finished')).toHaveLength(8);
    expect(result.invariants.map((r) => [r.id, r.verdict, r.runs])).toEqual([
      ['secret-unchanged', 'held', 4],
      ['idempotent', 'held', 4],
    ]);
    expect(result.ending).toBe('completed');
  });

  it('goes on after a failure and reports every distinct one, grouped by kind, rule, status and code', async () => {
    const faults = ['invalid-update-partly-applied', 'error-document-malformed'];
    const { result, events } = await campaign(faults, {
      invariants: ['invalid-rejected-unchanged'],
      runs: 30,
      seed: 3,
      maxFailures: 5,
      shrink: false,
    });
    const [r] = result.invariants;
    const keys = r!.failures.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThan(1);
    expect(r!.failures.some((f) => f.kind === 'refused-but-changed')).toBe(true);
    expect(r!.failures.some((f) => f.kind === 'wrong-refusal' && f.status === 404)).toBe(true);
    expect(events.filter((e) => e.type === 'violation-found')).toHaveLength(keys.length);
  });

  it('stops an invariant at --max-failures distinct failures', async () => {
    const { result } = await campaign(['invalid-update-partly-applied', 'error-document-malformed'], {
      invariants: ['invalid-rejected-unchanged'],
      runs: 30,
      seed: 3,
      maxFailures: 1,
      shrink: false,
    });
    expect(result.invariants[0]).toMatchObject({ verdict: 'violated', stopped: 'max-failures' });
    expect(result.invariants[0]?.failures).toHaveLength(1);
  });

  it('on Ctrl-C finishes the run in flight, reports the invariant interrupted and the rest not run', async () => {
    const abort = new AbortController();
    const target = await embeddedTarget();
    try {
      const result = await runCampaign(
        target,
        campaignConfig({ invariants: ['secret-unchanged', 'idempotent'], runs: 1000, seed: 2, signal: abort.signal }),
        [(e) => void (e.type === 'run-finished' && e.runs === 3 && abort.abort())],
      );
      expect(result.ending).toBe('interrupted');
      expect(result.invariants.map((r) => [r.verdict, r.runs])).toEqual([
        ['interrupted', 3],
        ['skipped', 0],
      ]);
      expect(result.invariants[1]?.skipReason).toBe('the campaign was interrupted before it');
    } finally {
      await target.close();
    }
  });

  it('ends with target-failed, and does not throw, when the target stops answering', async () => {
    const target = await remoteTarget(
      { cmaUrl: 'http://127.0.0.1:9', cdaUrl: 'http://127.0.0.1:9', token: 'x'.repeat(40), environment: undefined },
      { timeoutMs: 1000 },
    );
    try {
      const result = await runCampaign(target, campaignConfig({ invariants: ['secret-unchanged'], seed: 1 }));
      expect(result.ending).toBe('target-failed');
      expect(result.invariants[0]).toMatchObject({ verdict: 'skipped' });
      expect(result.invariants[0]?.skipReason).toMatch(/^the target failed before the campaign started/);
    } finally {
      await target.close();
    }
  });

  it('reports a defect of the suite inside a run as an error, not as a violation nor a run that held', async () => {
    const target = await embeddedTarget();
    const world = await World.create(target);
    try {
      const sound = invariantById('secret-unchanged');
      const crashing: Invariant = {
        ...sound,
        property: (ctx, oracle) => ({
          ...sound.property(ctx, oracle),
          run: () => Promise.reject(new Error('a defect of the suite')),
        }),
      };
      const oracle = { contract: await loadContract(), assumptions: resolveAssumptions(), strict: false };
      const result = await runInvariant({
        world,
        invariant: crashing,
        ctx: caseContext(oracle.contract, world),
        oracle,
        runs: 5,
        seed: 1,
        shrink: true,
        maxFailures: 3,
        replay: undefined,
        deadline: undefined,
        signal: undefined,
        emit: async () => {},
      });
      expect(result).toMatchObject({
        verdict: 'error',
        error: 'the property crashed: a defect of the suite',
        failures: [],
      });
    } finally {
      await world.dispose();
      await target.close();
    }
  });
});
