import fc from 'fast-check';
import { showFeature, type Feature } from '../generate/index.ts';

export interface CoverageOptions {
  seed: number;
  /** The most seeds to return (the runs the coverage phase may spend). */
  max: number;
  /** How many candidate cases to choose from. */
  candidates?: number;
}

/** A class counts as covered once the chance that no chosen case reached it is this or less. */
const COVERED = 0.25;

/**
 * The coverage phase: seeds whose first case, together, touch the most input classes. A seed and
 * not a value, because fast-check generates the same first case from it (fc.sample and fc.check
 * agree) and then keeps the shrinking context and a replayable path: a failure found here
 * shrinks and replays like any other. Greedy weighted set cover over candidates drawn from the
 * seed, where a class a case reaches only by chance stays partly uncovered (each class keeps the
 * chance that no chosen case has reached it, and counts as covered once that is a quarter or
 * less: reached for certain, or twice by an even chance); it stops when no candidate adds a class.
 */
export function coverageSeeds<C>(
  arbitrary: fc.Arbitrary<C>,
  features: (c: C) => readonly Feature[],
  options: CoverageOptions,
): number[] {
  // A single run is the invariant's own seed: drawing candidates for it would be wasted.
  if (options.max <= 0) return [];
  const pool = Array.from({ length: options.candidates ?? 150 }, (_, i) => {
    const seed = (Math.imul(options.seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(i + 1, 0x85ebca6b)) | 0;
    const [value] = fc.sample(arbitrary, { seed, numRuns: 1 });
    return { seed, features: new Map(features(value as C).map((f) => [showFeature(f), f])) };
  });
  // A class is worth 1 / (the classes of its dimension): the three missing targets come before
  // the twenty mutations, instead of in whatever order ties fall.
  const classes = new Map<string, Set<string>>();
  for (const { features } of pool)
    for (const [key, f] of features) classes.set(f.dimension, (classes.get(f.dimension) ?? new Set()).add(key));
  const worth = (f: Feature) => 1 / (classes.get(f.dimension)?.size ?? 1);
  const missed = new Map<string, number>();
  const stillMissed = (key: string) => missed.get(key) ?? 1;
  const uncovered = (key: string) => (stillMissed(key) > COVERED ? stillMissed(key) : 0);
  const chosen: number[] = [];
  while (chosen.length < options.max) {
    let best: (typeof pool)[number] | undefined;
    let bestGain = 0;
    for (const candidate of pool) {
      let gain = 0;
      for (const [key, f] of candidate.features) gain += worth(f) * uncovered(key) * f.chance;
      if (gain > bestGain) [best, bestGain] = [candidate, gain];
    }
    if (!best) break;
    chosen.push(best.seed);
    for (const [key, f] of best.features) missed.set(key, stillMissed(key) * (1 - f.chance));
  }
  return chosen;
}
