import pRetry, { AbortError } from 'p-retry';
import pThrottle from 'p-throttle';
import { setTimeout as sleep } from 'node:timers/promises';
import { TransportError, type RawResponse, type Send } from './http.ts';
import type { TrafficCounter } from './stats.ts';

export interface PoliteOptions {
  /** The share of the CMA rate limit the run may use (0–1; default 0.5). */
  share?: number;
  /** The documented limit: 60 requests per 3 seconds. */
  limit?: number;
  windowMs?: number;
  /** Attempts after the first, for 429, transient errors and dropped connections. */
  retries?: number;
  /** The run's overall deadline (epoch ms): past it, no request waits or retries. */
  deadline?: number;
  signal?: AbortSignal;
}

/** A response worth retrying: rate limited, or a failure the server calls temporary. */
class Retryable extends Error {
  constructor(
    message: string,
    readonly response: RawResponse,
  ) {
    super(message);
  }
}

const TRANSIENT_STATUSES = new Set([502, 503, 504]);
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'TimeoutError',
]);

// A 500 is not transient unless the server says so: retrying it would hide the bug it reveals.
function isTransient(response: RawResponse): boolean {
  if (TRANSIENT_STATUSES.has(response.status)) return true;
  return response.status >= 500 && /"transient"\s*:\s*true/.test(response.text);
}

/**
 * Keeps to a share of the rate limit (p-throttle, strict sliding window; requests issued together
 * leave together), backs off when X-RateLimit-Remaining says others are using the budget, waits
 * X-RateLimit-Reset seconds after a 429, and retries transient failures with bounded exponential
 * backoff (p-retry). Never past the deadline: then it fails with a TransportError (CLI exit code 3).
 */
export function politeTransport(options: PoliteOptions = {}): (send: Send, stats: TrafficCounter) => Send {
  const limit = options.limit ?? 60;
  const windowMs = options.windowMs ?? 3000;
  const share = Math.min(1, Math.max(0.01, options.share ?? 0.5));
  const allowed = Math.max(1, Math.floor(limit * share));
  return (send, stats) => {
    // A margin on the window: timers and clocks are coarse, the server counts exactly.
    const admit = pThrottle({
      limit: allowed,
      interval: windowMs + 50,
      strict: true,
      weight: (size: number) => size,
      ...(options.signal ? { signal: options.signal } : {}),
    })((size: number) => Promise.resolve(size));
    // Requests issued in the same tick (a concurrency probe's Promise.all) are admitted as one
    // group: pacing them one by one would serialise the race the probe is there to provoke.
    let gathering: { resolve: () => void; reject: (error: unknown) => void }[] = [];
    const slot = () =>
      new Promise<void>((resolve, reject) => {
        gathering.push({ resolve, reject });
        if (gathering.length > 1) return;
        setImmediate(() => {
          const group = gathering;
          gathering = [];
          for (let start = 0; start < group.length; start += allowed) {
            const chunk = group.slice(start, start + allowed);
            const admitted = () => chunk.forEach((waiter) => waiter.resolve());
            const refused = (error: unknown) => chunk.forEach((waiter) => waiter.reject(error));
            // p-throttle empties its queue on abort, but would still admit a call made afterwards.
            const aborted = () => options.signal?.aborted === true;
            if (aborted()) refused(options.signal?.reason);
            else admit(chunk.length).then(() => (aborted() ? refused(options.signal?.reason) : admitted()), refused);
          }
        });
      });
    let pausedUntil = 0;

    const pastDeadline = () => options.deadline !== undefined && Date.now() >= options.deadline;
    const waitUntil = async (at: number) => {
      const wait = Math.min(at, options.deadline ?? Infinity) - Date.now();
      if (wait > 0) await sleep(wait, undefined, options.signal ? { signal: options.signal } : {});
    };

    return (raw) =>
      pRetry(
        async () => {
          if (pastDeadline())
            throw new AbortError(
              new TransportError(`${raw.method} ${raw.url}: the run's deadline has passed`, 'EDEADLINE'),
            );
          await waitUntil(pausedUntil);
          await slot();
          const response = await send(raw);
          const remaining = Number(response.headers['x-ratelimit-remaining']);
          // The limit the answering API states (the CDA's is not the CMA's), else the project's.
          const stated = Number(response.headers['x-ratelimit-limit']);
          // Others share the project's budget: when it runs low, let the window roll over.
          if (Number.isFinite(remaining) && remaining <= Math.floor((stated > 0 ? stated : limit) * 0.1))
            pausedUntil = Math.max(pausedUntil, Date.now() + windowMs);
          if (response.status === 429) {
            stats.rateLimited += 1;
            const reset = Number(response.headers['x-ratelimit-reset']);
            pausedUntil = Date.now() + (Number.isFinite(reset) ? reset * 1000 : windowMs);
            throw new Retryable('rate limited (429)', response);
          }
          if (isTransient(response)) throw new Retryable(`transient failure (${response.status})`, response);
          return response;
        },
        {
          retries: options.retries ?? 4,
          factor: 2,
          minTimeout: 250,
          maxTimeout: 4000,
          randomize: true,
          ...(options.signal ? { signal: options.signal } : {}),
          shouldRetry: ({ error }) => {
            const retry =
              !pastDeadline() &&
              (error instanceof Retryable || (error instanceof TransportError && RETRYABLE_CODES.has(error.code)));
            if (retry) stats.retries += 1;
            return retry;
          },
        },
      ).catch((error: unknown) => {
        // A response that stayed rate-limited or broken through every retry: the target misbehaves.
        if (error instanceof Retryable)
          throw new TransportError(`${raw.method} ${raw.url}: ${error.message}, after retries`, 'ERETRIES');
        throw error;
      });
  };
}
