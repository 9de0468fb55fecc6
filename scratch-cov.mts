import { coverageSeeds } from './src/campaign/coverage.ts';
import { INVARIANTS } from './src/invariants/index.ts';
import { embeddedTarget } from './src/embedded/index.ts';
import { loadContract } from './src/spec/index.ts';
