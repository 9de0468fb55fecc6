import { isPlainObject } from '../spec/index.ts';
import { FactoryTokenChanged } from './verifier.ts';

/**
 * Why the Verifier rejected: interactions the provider failed (the contract is broken), or no
 * verification at all (the pacts could not be loaded, the broker did not answer…).
 */
export type Rejection = { kind: 'failed'; interactions: string[] } | { kind: 'not-verified'; reason: string };

/** Reads the Verifier's error once: its message is a JSON report when verification ran. */
export function rejectionOf(error: unknown): Rejection {
  if (error instanceof FactoryTokenChanged) {
    // The interactions the Verifier failed first, then the cause, said plainly.
    const failed = error.cause === undefined ? undefined : rejectionOf(error.cause);
    return { kind: 'failed', interactions: [...(failed?.kind === 'failed' ? failed.interactions : []), error.message] };
  }
  const message = error instanceof Error ? error.message : String(error);
  let report: unknown;
  try {
    report = JSON.parse(message);
  } catch {
    return { kind: 'not-verified', reason: message.split('\n')[0]! };
  }
  const results = isPlainObject(report) && Array.isArray(report.interactionResults) ? report.interactionResults : [];
  const interactions = results.flatMap((r) =>
    isPlainObject(r) && r.result !== 'OK' && r.pending !== true && typeof r.description === 'string'
      ? [`${String(r.consumer)}: ${r.description}`]
      : [],
  );
  if (interactions.length > 0) return { kind: 'failed', interactions };
  const errors = isPlainObject(report) && Array.isArray(report.errors) ? report.errors : [];
  const first = errors.find(isPlainObject);
  const mismatch = first && isPlainObject(first.mismatch) ? first.mismatch.message : undefined;
  return { kind: 'not-verified', reason: typeof mismatch === 'string' ? mismatch : message.split('\n')[0]! };
}
