// Renderings of campaign results: text for terminals and test failures (results.json is the source).
export { formatCounterexample, formatExchange, formatResult } from './text.ts';
