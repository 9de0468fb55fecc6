import { defineConfig } from 'vitest/config';

// One run; the projects are independent of one another (the pact is committed: the consumer tests
// check what they write against it, verification and publishing read it).
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
          // @actions/workflow-parser imports JSON without an import attribute, which Node 20 refuses; vite handles it.
          server: { deps: { inline: [/@actions\/workflow-parser/] } },
        },
      },
      {
        test: {
          name: 'properties',
          include: ['properties/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'pact',
          include: ['contracts/**/*.test.ts', 'test/broker/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
