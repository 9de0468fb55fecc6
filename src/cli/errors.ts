/** A problem the user can fix: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The exit codes, as the README and `--help` list them (70 is sysexits' EX_SOFTWARE). */
export const EXIT = { ok: 0, violated: 1, usage: 2, target: 3, incomplete: 4, defect: 70, interrupted: 130 } as const;

/** Wraps a parser so that what it throws is reported as a usage error. */
export function usage<A, R>(parse: (arg: A) => R): (arg: A) => R {
  return (arg) => {
    try {
      return parse(arg);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  };
}
