import fc from 'fast-check';
import type { TokenFlags, TOKEN_FLAGS } from '../../spec/index.ts';

/** One of the 8 combinations of the three surface flags. */
export const tokenFlags: fc.Arbitrary<TokenFlags> = fc.record({
  can_access_cda: fc.boolean(),
  can_access_cda_preview: fc.boolean(),
  can_access_cma: fc.boolean(),
});

/** Every combination, for exhaustive checks. */
export const ALL_FLAG_COMBINATIONS: readonly TokenFlags[] = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => ({
  can_access_cda: (bits & 1) !== 0,
  can_access_cda_preview: (bits & 2) !== 0,
  can_access_cma: (bits & 4) !== 0,
}));

/** A transition from one combination to another where `flag` is revoked or granted (never unchanged). */
export function flagTransition(flag: (typeof TOKEN_FLAGS)[number]): fc.Arbitrary<{ from: TokenFlags; to: TokenFlags }> {
  return fc
    .tuple(tokenFlags, tokenFlags, fc.boolean())
    .map(([from, to, grant]) => ({ from: { ...from, [flag]: !grant }, to: { ...to, [flag]: grant } }));
}
