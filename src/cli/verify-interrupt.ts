import type { Target } from '../target/index.ts';
import { removeOwned } from '../verify/index.ts';

/**
 * Ends the process as the signal would have: the exit status a shell reports is 128 + the signal
 * (130 for Ctrl-C). process.exit() cannot: it waits for the Verifier's native thread, which an
 * interaction in flight holds.
 */
function dieBy(signal: NodeJS.Signals): never {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  // The signal is delivered asynchronously: nothing else may run meanwhile.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

/**
 * Ctrl-C or SIGTERM: the Verifier cannot be stopped mid-interaction, so what the states created
 * is removed, then the process ends by the signal; a second one ends it at once, the ledger kept.
 */
export function exitOnInterrupt(target: Target, ledgerDir: string): () => void {
  let interrupted = false;
  const stop = (signal: NodeJS.Signals) => {
    if (interrupted) {
      process.stderr.write(
        `\nstopped at once: what is left is in the ledger, in ${ledgerDir}/ (token-contract cleanup removes it)\n`,
      );
      dieBy(signal);
    }
    interrupted = true;
    process.stderr.write('\ninterrupted: removing what the provider states created (Ctrl-C again to stop at once)\n');
    void removeOwned(target)
      .then(
        // Closing writes the ledger off, then waits for connections, which the stalled interaction may hold: a second at most.
        () => Promise.race([target.close(), new Promise((resolve) => setTimeout(resolve, 1000))]),
        (error: unknown) =>
          process.stderr.write(
            `token-contract: cleaning up failed (${error instanceof Error ? error.message : String(error)}): what is left is in the ledger, in ${ledgerDir}/ (token-contract cleanup removes it)\n`,
          ),
      )
      .finally(() => dieBy(signal));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}
