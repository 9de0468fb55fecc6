// Reports: each a handler of the campaign's events. results.json is the source the renderings read.
export { consoleReport, summaryTable } from './console.ts';
export {
  artefactLint,
  chosenPaths,
  fileReports,
  NO_SECRETS,
  REPORT_FORMATS,
  reportPaths,
  type ReportFormat,
  type ReportPaths,
  type WriteLint,
} from './files.ts';
export { htmlReport } from './html.ts';
export { junitXml } from './junit.ts';
export { markdownSummary } from './markdown.ts';
export {
  budgetSkipped,
  cutShort,
  propagationStats,
  runTotals,
  ResultsRecorder,
  RESULTS_SCHEMA,
  type PropagationStats,
  type ResultsDocument,
  type RunSetup,
} from './results.ts';
export { formatExchange, formatFailure } from './text.ts';
export { decodeResults } from './read-results.ts';
export { failureSelector } from './replay-line.ts';
