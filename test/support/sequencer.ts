import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The files that take longest, in the order to start them. Vitest sorts a fresh clone's files by
// size, for lack of timings: a small file of one long test (the bench) would start last, and the
// whole run would wait for it alone.
const LONGEST_FIRST = [
  'properties/no-false-alarms.staging.test.ts',
  'properties/no-false-alarms.mock.test.ts',
  'test/broker/publishing.test.ts',
  'test/cli/fuzz-command.test.ts',
  'test/bench/bench.test.ts',
  'test/target/hostile-target.test.ts',
  'test/cli/fuzz-interrupt.test.ts',
  'properties/each-invariant-can-fail.test.ts',
  'properties/each-invariant-can-fail.strict.test.ts',
  'test/ci/package.test.ts',
  'properties/invariants.test.ts',
  'test/campaign/remote.test.ts',
  'test/broker/double.test.ts',
  'test/report/browser.test.ts',
];

const rank = (spec: TestSpecification) => {
  const at = LONGEST_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
  return at < 0 ? LONGEST_FIRST.length : at;
};

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
