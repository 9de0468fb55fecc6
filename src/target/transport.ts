import pRetry, { AbortError } from 'p-retry';
import pThrottle from 'p-throttle';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { TransportError, type RawRequest, type RawResponse, type Send } from './http.ts';
import type { TrafficCounter } from './stats.ts';

export interface PoliteOptions {
  /** The share of the CMA rate limit the run may use (0–1; default 0.5). */
  share?: number;
  /** The documented limit: 60 requests per 3 seconds. */
  limit?: number;
  windowMs?: number;
  /** Attempts after the first, for 429, transient errors and dropped connections. */
  retries?: number;
  /** When the campaign must be over (epoch ms): then its requests in flight are aborted, and only cleanup goes on. */
  deadline?: number;
  /** Ends the campaign now (Ctrl-C), as the deadline would. */
  stop?: AbortSignal;
  /** How long cleanup may go on after the campaign is over (default 30 s): then every request is aborted. */
  cleanupAllowanceMs?: number;
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
// The request never reached the server: any method may be sent again. (A refused connection is
// not retried: a wrong URL should fail at once.)
const NEVER_SENT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT']);
// The request may have reached the server: only a method that may be repeated (RFC 9110 §9.2.2) is.
const ANSWER_LOST_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ETIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

// A 500 is not transient unless the server says so: retrying it would hide the bug it reveals.
function isTransient(response: RawResponse): boolean {
  if (TRANSIENT_STATUSES.has(response.status)) return true;
  return response.status >= 500 && /"transient"\s*:\s*true/.test(response.text);
}

function mayRetry(raw: RawRequest, error: unknown): boolean {
  const idempotent = IDEMPOTENT_METHODS.has(raw.method) || raw.repeatable === true;
  // A 429 is a refusal before any processing; a 5xx of a POST may come after the creation.
  if (error instanceof Retryable) return idempotent || error.response.status === 429;
  if (!(error instanceof TransportError)) return false;
  return NEVER_SENT_CODES.has(error.code) || (idempotent && ANSWER_LOST_CODES.has(error.code));
}

const MAX_TIMER_MS = 2 ** 31 - 1;

interface Phase {
  signal: AbortSignal;
  /** When it ends (epoch ms; Infinity when nothing ends it yet). */
  endsAt(): number;
}

/**
 * The run's two phases: the campaign ends at the deadline or on `stop`, whichever comes first;
 * cleanup ends an allowance later. A request is aborted, in flight too, when its phase ends.
 */
function phases(options: PoliteOptions): { campaign: Phase; cleanup: Phase } {
  const campaign = new AbortController();
  const cleanup = new AbortController();
  // Each request waiting for its turn listens to its phase's signal until admitted: a burst of more
  // than ten (a concurrency probe, a queue behind the limiter) is no leak, and must not warn the user.
  setMaxListeners(0, campaign.signal, cleanup.signal);
  const allowanceMs = options.cleanupAllowanceMs ?? 30_000;
  let stoppedAt = Infinity;
  const campaignEndsAt = () => Math.min(options.deadline ?? Infinity, stoppedAt);
  const endCampaign = () => {
    if (campaign.signal.aborted) return;
    stoppedAt = Math.min(stoppedAt, Date.now());
    campaign.abort(new TransportError("the run's deadline has passed", 'EDEADLINE'));
    setTimeout(
      () => cleanup.abort(new TransportError('the cleanup allowance has run out', 'EDEADLINE')),
      allowanceMs,
    ).unref();
  };
  if (options.deadline !== undefined) {
    const wait = options.deadline - Date.now();
    if (wait <= 0) endCampaign();
    else if (wait < MAX_TIMER_MS) setTimeout(endCampaign, wait).unref();
  }
  if (options.stop?.aborted) endCampaign();
  options.stop?.addEventListener('abort', endCampaign, { once: true });
  return {
    campaign: { signal: campaign.signal, endsAt: campaignEndsAt },
    cleanup: { signal: cleanup.signal, endsAt: () => campaignEndsAt() + allowanceMs },
  };
}

/**
 * Keeps to a share of the rate limit (p-throttle, strict sliding window; requests issued together
 * leave together), backs off when X-RateLimit-Remaining says others are using the budget, waits
 * X-RateLimit-Reset seconds after a 429, and retries transient failures with bounded exponential
 * backoff (p-retry), never a creation whose answer may have been lost. Every wait and retry ends
 * with the request's phase (see `phases`): then it fails with a TransportError (CLI exit code 3).
 */
export function politeTransport(options: PoliteOptions = {}): (send: Send, stats: TrafficCounter) => Send {
  const limit = options.limit ?? 60;
  const windowMs = options.windowMs ?? 3000;
  const share = Math.min(1, Math.max(0.01, options.share ?? 0.5));
  const allowed = Math.max(1, Math.floor(limit * share));
  return (send, stats) => {
    const ends = phases(options);
    // A margin on the window: timers and clocks are coarse, the server counts exactly.
    const admit = pThrottle({
      limit: allowed,
      interval: windowMs + 50,
      strict: true,
      weight: (size: number) => size,
    })((size: number) => Promise.resolve(size));
    // Requests issued in the same tick (a concurrency probe's Promise.all) are admitted as one
    // group: pacing them one by one would serialise the race the probe is there to provoke.
    let gathering: (() => void)[] = [];
    const slot = (signal: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        const refuse = () => reject(signal.reason as Error);
        signal.addEventListener('abort', refuse, { once: true });
        gathering.push(() => {
          signal.removeEventListener('abort', refuse);
          resolve();
        });
        if (gathering.length > 1) return;
        setImmediate(() => {
          const group = gathering;
          gathering = [];
          for (let start = 0; start < group.length; start += allowed) {
            const chunk = group.slice(start, start + allowed);
            void admit(chunk.length).then(() => chunk.forEach((admitted) => admitted()));
          }
        });
      });
    let pausedUntil = 0;

    // A wait that would outlast the phase is not begun: the server asked for more time than is left.
    const waitUntil = async (at: number, phase: Phase) => {
      const wait = at - Date.now();
      if (wait <= 0) return;
      if (at >= phase.endsAt() || wait >= MAX_TIMER_MS)
        throw new TransportError(`asked to wait ${Math.round(wait / 1000)} s, past the run's deadline`, 'EDEADLINE');
      await sleep(wait, undefined, { signal: phase.signal }).catch(() => {
        throw phase.signal.reason as Error;
      });
    };

    return (raw) => {
      const phase = raw.purpose === 'cleanup' ? ends.cleanup : ends.campaign;
      const { signal } = phase;
      // The transport's own refusals (the phase is over, a wait too long) name the request as undici's errors do.
      const named = (error: TransportError) =>
        new TransportError(`${raw.method} ${raw.url}: ${error.message}`, error.code);
      return pRetry(
        async () => {
          try {
            if (signal.aborted) throw signal.reason as Error;
            await waitUntil(pausedUntil, phase);
            await slot(signal);
          } catch (error) {
            throw new AbortError(error instanceof TransportError ? named(error) : (error as Error));
          }
          const response = await send({ ...raw, signal });
          const remaining = Number(response.headers['x-ratelimit-remaining']);
          // The limit the answering API states (the CDA's is not the CMA's), else the project's.
          const stated = Number(response.headers['x-ratelimit-limit']);
          // Others share the project's budget: when it runs low, let the window roll over.
          if (Number.isFinite(remaining) && remaining <= Math.floor((stated > 0 ? stated : limit) * 0.1))
            pausedUntil = Math.max(pausedUntil, Date.now() + windowMs);
          if (response.status === 429) {
            stats.rateLimited += 1;
            const reset = Number(response.headers['x-ratelimit-reset']);
            const until = Date.now() + (Number.isFinite(reset) && reset >= 0 ? reset * 1000 : windowMs);
            // Obeyed only when there is time left for it: a reset past the phase's end (1e9 s) would
            // hold every later request, cleanup's too, and gain nothing. Within a few windows, that is
            // the limit working as documented and the run's time is up; a longer one is the server's
            // to explain.
            if (until >= phase.endsAt())
              throw new AbortError(
                named(
                  until - Date.now() <= 10 * windowMs
                    ? new TransportError("the run's deadline comes before the rate limit resets", 'EDEADLINE')
                    : new TransportError(`rate limited for ${reset} s, past the run's deadline`, 'ERATELIMITED'),
                ),
              );
            pausedUntil = Math.max(pausedUntil, until);
            throw new Retryable('rate limited (429)', response);
          }
          if (isTransient(response)) throw new Retryable(`transient failure (${response.status})`, response);
          return response;
        },
        {
          retries: options.retries ?? 4,
          ...(Number.isFinite(phase.endsAt()) ? { maxRetryTime: Math.max(0, phase.endsAt() - Date.now()) } : {}),
          factor: 2,
          minTimeout: 250,
          maxTimeout: 4000,
          randomize: true,
          signal,
          shouldRetry: ({ error }) => {
            const retry = !signal.aborted && mayRetry(raw, error) && pausedUntil < phase.endsAt();
            if (retry) stats.retries += 1;
            return retry;
          },
        },
      ).catch((error: unknown) => {
        // A response that stayed rate-limited or broken through every retry: the target misbehaves.
        if (error instanceof Retryable)
          throw new TransportError(`${raw.method} ${raw.url}: ${error.message}, not retried further`, 'ERETRIES');
        // p-retry ends with the phase's own reason when the phase ends between attempts.
        throw error === signal.reason ? named(error as TransportError) : error;
      });
    };
  };
}
