import type { TrafficStats } from './types.ts';

const WINDOW_MS = 3000;

/** Counts requests, and the busiest 3-second window (the unit of the CMA's rate limit). */
export class TrafficCounter implements TrafficStats {
  requests = 0;
  peakPerWindow = 0;
  retries = 0;
  rateLimited = 0;
  private readonly window: number[] = [];

  count(now = Date.now()): void {
    this.requests += 1;
    this.window.push(now);
    while ((this.window[0] as number) <= now - WINDOW_MS) this.window.shift();
    this.peakPerWindow = Math.max(this.peakPerWindow, this.window.length);
  }
}
