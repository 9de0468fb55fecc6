export interface RateLimitSettings {
  limit: number;
  windowMs: number;
  /** When false, requests are counted (for the headers) but never refused. */
  enforce: boolean;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until a slot frees up (the CMA's X-RateLimit-Reset is relative). */
  resetSeconds: number;
}

/** A sliding window over the project's requests, like the CMA's 60 requests per 3 seconds. */
export class RateLimiter {
  private readonly stamps: number[] = [];

  constructor(private readonly settings: RateLimitSettings) {}

  take(now: number): RateDecision {
    const { limit, windowMs, enforce } = this.settings;
    while (this.stamps.length > 0 && (this.stamps[0] as number) <= now - windowMs) this.stamps.shift();
    const full = this.stamps.length >= limit;
    const resetSeconds = full ? Math.max(1, Math.ceil(((this.stamps[0] as number) + windowMs - now) / 1000)) : 0;
    if (full && enforce) return { allowed: false, limit, remaining: 0, resetSeconds };
    this.stamps.push(now);
    if (this.stamps.length > limit) this.stamps.shift();
    return { allowed: true, limit, remaining: Math.max(0, limit - this.stamps.length), resetSeconds };
  }
}
