import { fork, type ChildProcess } from 'node:child_process';
import { benchWorker } from './child-entries.ts';
import { runJob, type Job, type Outcome } from './jobs.ts';

type Reply = { ready: true } | { ok: true; outcome: Outcome } | { ok: false; error: string };

/**
 * Runs jobs on `size` worker processes (the machine's cores), each job in a fresh process when
 * `fresh` (to measure its memory alone); with `size` 0, one after the other in this process (a
 * quick check of the benchmark itself, where start-up costs would dominate). Calls `onDone` as
 * each one finishes.
 */
export async function runPool(
  jobs: readonly Job[],
  size: number,
  onDone: (outcome: Outcome, done: number) => void,
  fresh = false,
): Promise<Outcome[]> {
  if (size === 0) {
    const outcomes: Outcome[] = [];
    for (const job of jobs) {
      outcomes.push(await runJob(job));
      onDone(outcomes.at(-1) as Outcome, outcomes.length);
    }
    return outcomes;
  }
  const queue = jobs.map((job, index) => ({ job, index }));
  const outcomes: Outcome[] = new Array(jobs.length);
  let done = 0;
  const worker = benchWorker();
  // Not this process's flags (a profiler's, say).
  const spawn = () => fork(worker, [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ask = (child: ChildProcess, job: Job) =>
    new Promise<Outcome>((resolve, reject) => {
      const onMessage = (reply: Reply) => {
        if ('ready' in reply) return;
        child.off('message', onMessage);
        if (reply.ok) resolve(reply.outcome);
        else reject(new Error(`benchmark job failed: ${reply.error}`));
      };
      child.on('message', onMessage);
      child.send(job);
    });
  const lane = async () => {
    let child: ChildProcess | undefined;
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (fresh) {
          child?.kill();
          child = undefined;
        }
        child ??= spawn();
        const outcome = await ask(child, next.job);
        outcomes[next.index] = outcome;
        done += 1;
        onDone(outcome, done);
      }
    } finally {
      child?.kill();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, lane));
  return outcomes;
}
