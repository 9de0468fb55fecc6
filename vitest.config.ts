import { defineConfig } from 'vitest/config';

// One run, in two groups: pact verification (group 1) reads the pact files the consumer tests
// (group 0) write.
export default defineConfig({
  test: {
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/broker/**'],
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
          // @actions/workflow-parser imports JSON without an import attribute, which Node 20 refuses; vite handles it.
          server: { deps: { inline: [/@actions\/workflow-parser/] } },
        },
      },
      {
        test: {
          name: 'properties',
          include: ['properties/**/*.test.ts'],
          testTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'pact-consumer',
          include: ['contracts/consumer/**/*.test.ts'],
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'pact-provider',
          include: ['contracts/provider/**/*.test.ts', 'test/broker/**/*.test.ts'],
          testTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
