/**
 * The provider version a verification is published as: what was verified, the DatoCMS CMA at the
 * API version every request sends (`X-Api-Version: 3`), on the run's day (UTC) — DatoCMS does not
 * say which build answered. `--provider-version` replaces it.
 */
export const defaultProviderVersion = (now: Date = new Date()): string => `cma-v3+${now.toISOString().slice(0, 10)}`;
