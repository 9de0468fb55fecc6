import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/sequencer.ts';

// One project, one module graph per worker (isolate: false): the tests do no work at import and
// leave no global state behind, and loading the spec, ajv, fastify and pact once per worker, not
// once per file, is most of the difference between 200 s and 80 s on two cores. Three workers on
// two cores: a quarter of the suite's time is spent waiting (child processes, pacing windows,
// deadlines), and a third worker fills it (75 s against 90 s). The test files are independent of
// one another (the pact is committed: the consumer tests check what they write against it).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.test.ts', 'contracts/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 3,
    isolate: false,
    sequence: { sequencer: LongestFirst },
    testTimeout: 60_000,
    setupFiles: ['./test/support/seed.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // @actions/workflow-parser imports JSON without an import attribute, which Node 20 refuses; vite handles it.
    server: { deps: { inline: [/@actions\/workflow-parser/] } },
  },
});
