import type { TrafficStats } from './types.ts';

const WINDOW_MS = 3000;

/** Counts requests, and the busiest 3-second window (the unit of the CMA's rate limit). */
export class TrafficCounter implements TrafficStats {
  requests = 0;
  peakPerWindow = 0;
  retries = 0;
  rateLimited = 0;
  // Timestamps of the current window; `start` moves instead of shifting (the mock serves thousands a second).
  private stamps: number[] = [];
  private start = 0;

  count(now = Date.now()): void {
    this.requests += 1;
    this.stamps.push(now);
    while ((this.stamps[this.start] as number) <= now - WINDOW_MS) this.start += 1;
    this.peakPerWindow = Math.max(this.peakPerWindow, this.stamps.length - this.start);
    if (this.start > 4096) {
      this.stamps = this.stamps.slice(this.start);
      this.start = 0;
    }
  }
}
