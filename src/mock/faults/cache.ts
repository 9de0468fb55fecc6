import type { Capabilities } from '../capabilities.ts';
import type { MockHooks } from '../hooks.ts';

/**
 * A per-token cache of one permission decision, kept `ttlMs`: the bug behind "the change shows a
 * second later". `keep(cached, fresh)` says when the cached value wins (e.g. only cached allows).
 */
export function cachedDecision(
  decision: keyof Capabilities,
  ttlMs: number,
  keep: (cached: boolean, fresh: boolean) => boolean,
): NonNullable<MockHooks['capabilities']> {
  const cache = new Map<string, { value: boolean; at: number }>();
  return (token, fresh, now) => {
    const entry = cache.get(token.id);
    if (entry && now - entry.at < ttlMs && keep(entry.value, fresh[decision]))
      return { ...fresh, [decision]: entry.value };
    cache.set(token.id, { value: fresh[decision], at: now });
    return fresh;
  };
}

/** A value per key, kept `ttlMs` from when it was stored: until then, the stored one is answered instead of `fresh`. */
export function expiringCache<V>(ttlMs: number): (key: string, fresh: V, now: number) => V {
  const entries = new Map<string, { value: V; at: number }>();
  return (key, fresh, now) => {
    const entry = entries.get(key);
    if (entry && now - entry.at < ttlMs) return entry.value;
    entries.set(key, { value: fresh, at: now });
    return fresh;
  };
}
