// Renderings of campaign results. results.json is the source; JUnit, HTML and text render it.
export { htmlReport } from './html.ts';
export { junitXml } from './junit.ts';
export { findLeaks, type Leak } from './lint.ts';
export {
  propagationStats,
  RESULTS_SCHEMA,
  resultsDocument,
  budgetSkipped,
  type PropagationStats,
  type ResultsDocument,
} from './results.ts';
export { formatCounterexample, formatExchange, formatResult } from './text.ts';
export { writeReports, type WrittenReports } from './write.ts';
