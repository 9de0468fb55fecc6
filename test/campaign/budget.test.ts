import { describe, expect, it } from 'vitest';
import { timeShare } from '../../src/campaign/budget.ts';

describe('the time share of an invariant under a time budget', () => {
  it('is an equal share of what is left before any run has been timed', () => {
    expect(timeShare({ leftMs: 50_000, invariantsLeft: 10, runsPerInvariant: 6, msPerRun: undefined })).toBe(5000);
  });

  it('gives a heavy invariant what the ones after it are not expected to need', () => {
    // 6 left after it, 6 runs each at 500 ms: 18 s reserved of 26 s, so 8 s instead of 3.7 s.
    expect(timeShare({ leftMs: 26_000, invariantsLeft: 7, runsPerInvariant: 6, msPerRun: 500 })).toBe(8000);
  });

  it('never gives less than an equal share, even when the rest would need more than is left', () => {
    expect(timeShare({ leftMs: 10_000, invariantsLeft: 5, runsPerInvariant: 6, msPerRun: 1000 })).toBe(2000);
  });

  it('gives the last invariant all that is left', () => {
    expect(timeShare({ leftMs: 4000, invariantsLeft: 1, runsPerInvariant: 6, msPerRun: 100 })).toBe(4000);
  });

  it('is nothing once the budget is spent: the invariant starts no run', () => {
    expect(timeShare({ leftMs: -20, invariantsLeft: 3, runsPerInvariant: 6, msPerRun: 400 })).toBe(0);
  });
});
