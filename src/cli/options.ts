import { InvalidArgumentError } from 'commander';

export const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('expected a port number (0-65535)');
  return port;
}

/** A repeatable option whose values must come from a list. */
export function collectChoice(choices: readonly string[]): (value: string, previous: string[]) => string[] {
  return (value, previous) => {
    if (!choices.includes(value)) throw new InvalidArgumentError(`expected one of: ${choices.join(', ')}`);
    return [...previous, value];
  };
}

/** A comma-separated set of values from a list, e.g. `junit,html`. */
export function choiceSet<T extends string>(choices: readonly T[]): (value: string) => ReadonlySet<T> {
  return (value) => {
    const picked = value.split(',').map((item) => item.trim());
    const unknown = picked.filter((item) => !(choices as readonly string[]).includes(item));
    if (unknown.length > 0 || picked.length === 0)
      throw new InvalidArgumentError(`expected some of: ${choices.join(', ')} (got ${unknown.join(', ') || 'none'})`);
    return new Set(picked as T[]);
  };
}
