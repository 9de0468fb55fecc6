import { describe, expect, it } from 'vitest';
import { mayFollow } from '../../src/invariants/last-access.ts';

describe('mayFollow: how a last_*_access bucket may change between two reads', () => {
  it('only ages without a call, and reaches never only from last_month', () => {
    expect(mayFollow('today', 'yesterday', false)).toBe(true);
    expect(mayFollow('this_week', 'last_month', false)).toBe(true);
    expect(mayFollow('last_month', 'never', false)).toBe(true);
    expect(mayFollow('yesterday', 'today', false)).toBe(false);
    expect(mayFollow('today', 'never', false)).toBe(false);
    expect(mayFollow('never', 'yesterday', false)).toBe(false);
  });

  it('after a call, may show today, or yesterday when midnight passed between the call and the read', () => {
    expect(mayFollow('last_week', 'today', true)).toBe(true);
    expect(mayFollow('never', 'yesterday', true)).toBe(true);
    expect(mayFollow('never', 'this_week', true)).toBe(false);
  });
});
