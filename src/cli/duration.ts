import { InvalidArgumentError } from 'commander';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `60s`, `2m`, `500ms`, `1h`, or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError('expected a duration such as 60s, 2m or 500ms');
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 's'] as number));
}

/** A duration that must be above zero: 0 would otherwise read as "no limit" somewhere down the line. */
export function positiveDuration(text: string): number {
  const ms = parseDuration(text);
  if (ms <= 0)
    throw new InvalidArgumentError('expected a duration above zero, e.g. 60s (leave the option out for the default)');
  return ms;
}
