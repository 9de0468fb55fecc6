import { startMock } from '../../src/mock/index.ts';
import { sendHostileRequests } from './hostile-requests.ts';

// `npm run stress:mock`: 10,000 hostile raw requests against a fresh mock, then one line that says
// whether it held. Exits 1 if it did not.

const COUNT = 10_000;
const SEED = Number(process.env.STRESS_SEED ?? 20261202);
/** A leak of what the requests carry would pass this in a few hundred requests. */
const HEAP_BOUND_BYTES = 64 * 1024 * 1024;

const mock = await startMock({ seed: SEED });
try {
  const started = Date.now();
  const summary = await sendHostileRequests(mock, { seed: SEED, count: COUNT });
  const notDocuments = summary.notDocuments.length;
  const failed =
    summary.answered < summary.sent ||
    summary.serverErrors.length > 0 ||
    notDocuments > 0 ||
    !summary.stateUnchanged ||
    summary.heapGrowthBytes > HEAP_BOUND_BYTES;
  console.log(
    [
      `${summary.sent} hostile requests (seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `${summary.answered} answered`,
      `${summary.serverErrors.length} 5xx`,
      `${notDocuments} not a DatoCMS document`,
      `state unchanged: ${summary.stateUnchanged ? 'yes' : 'no'}`,
      `heap growth ${(summary.heapGrowthBytes / 1024 / 1024).toFixed(1)} MB`,
      failed ? 'FAILED' : 'ok',
    ].join(', '),
  );
  for (const finding of [...summary.unanswered, ...summary.serverErrors, ...summary.notDocuments].slice(0, 10)) {
    console.error(`  ${finding.problem}: ${finding.label}`);
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  await mock.close();
}
