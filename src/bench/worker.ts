// A worker process of the benchmark's pool: runs the jobs it is sent, one at a time, and answers.
import { runJob, type Job } from './jobs.ts';

process.on('message', (job: Job) => {
  runJob(job).then(
    (outcome) => process.send?.({ ok: true, outcome }),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.send?.({ ready: true });
