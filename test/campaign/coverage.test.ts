import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { campaignConfig, runCampaign } from '../../src/campaign/index.ts';
import { coverageSeeds } from '../../src/campaign/coverage.ts';
import { embeddedTarget } from '../../src/embedded/index.ts';
import { feature, showFeature } from '../../src/generate/index.ts';
import { INVARIANTS } from '../../src/invariants/index.ts';
import { loadContract, resolveAssumptions } from '../../src/spec/index.ts';

const cases = fc.record({
  target: fc.constantFrom('owned', 'unknown', 'deleted'),
  mutation: fc.integer({ min: 1, max: 20 }),
});
const features = (c: { target: string; mutation: number }) => [
  feature('target', c.target),
  feature('mutation', String(c.mutation)),
];
const firstCase = (seed: number) => fc.sample(cases, { seed, numRuns: 1 })[0] as { target: string; mutation: number };

describe('the coverage phase', () => {
  it('chooses seeds whose first cases together hold every class of the candidates, each adding one', () => {
    const seeds = coverageSeeds(cases, features, { seed: 42, max: 100, candidates: 300 });
    const pool = new Set(fc.sample(cases, { seed: 3, numRuns: 300 }).flatMap(features).map(showFeature));
    const covered = new Set<string>();
    for (const seed of seeds) {
      const added = features(firstCase(seed))
        .map(showFeature)
        .filter((f) => !covered.has(f));
      expect(added.length).toBeGreaterThan(0);
      added.forEach((f) => covered.add(f));
    }
    expect(covered).toEqual(pool);
    expect(seeds.length).toBeLessThanOrEqual(pool.size);
  });

  it('covers the classes of a small dimension first (three targets before twenty mutations)', () => {
    const seeds = coverageSeeds(cases, features, { seed: 7, max: 3 });
    expect(new Set(seeds.map((s) => firstCase(s).target))).toEqual(new Set(['owned', 'unknown', 'deleted']));
  });

  it('counts a class reached only by an even chance as covered once two chosen cases reach it', () => {
    const only = (chance: number) => () => [feature('target', 'owned', chance)];
    expect(coverageSeeds(cases, only(1), { seed: 11, max: 5 })).toHaveLength(1);
    expect(coverageSeeds(cases, only(0.5), { seed: 11, max: 5 })).toHaveLength(2);
  });

  it('relies on fast-check running, from a seed, the case fc.sample draws from it', async () => {
    for (const seed of coverageSeeds(cases, features, { seed: 1, max: 5 })) {
      let seen: unknown;
      await fc.check(
        fc.asyncProperty(cases, async (c) => {
          seen ??= c;
        }),
        { seed, numRuns: 1 },
      );
      expect(seen).toEqual(firstCase(seed));
    }
  });

  it('reports a failure it finds with a seed and path that replay it', async () => {
    const config = campaignConfig({ invariants: ['secret-unchanged'], runs: 6, seed: 3 });
    const target = await embeddedTarget({ faults: ['secret-rotates-on-update'] });
    try {
      const found = (await runCampaign(target, config)).invariants[0]!;
      expect(found.verdict).toBe('violated');
      const { seed, path, case: shrunk } = found.failures[0]!.counterexample;
      expect(seed).not.toBe(found.seed); // a coverage seed, not the invariant's own
      const replayed = await runCampaign(target, { ...config, replay: { seed, path } });
      expect(replayed.invariants[0]?.verdict).toBe('violated');
      expect(replayed.invariants[0]?.failures[0]?.counterexample.case).toEqual(shrunk);
    } finally {
      await target.close();
    }
  });

  it('pairs each permission answer with every flag: a staging run tries drafts refused while CDA is on', async () => {
    const contract = await loadContract();
    const oracle = { contract, assumptions: resolveAssumptions(), strict: false };
    const drafts = INVARIANTS.find((i) => i.id === 'permissions-immediate-cda-preview')!;
    const property = drafts.property(
      { contract, updateSchema: {}, validate: () => true, disposable: true, factoryTokens: true },
      oracle,
    );
    type Case = { next: { flags: Record<string, boolean> } };
    for (let campaign = 0; campaign < 20; campaign += 1) {
      const chosen = coverageSeeds(property.cases, property.features!, { seed: campaign, max: 5 }).map(
        (seed) => fc.sample(property.cases, { seed, numRuns: 1 })[0] as Case,
      );
      expect(chosen.some((c) => c.next.flags.can_access_cda && !c.next.flags.can_access_cda_preview)).toBe(true);
    }
  });
});
