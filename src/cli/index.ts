import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from './errors.ts';
import { faultsCommand } from './faults-command.ts';
import { mockCommand } from './mock-command.ts';

export function program(): Command {
  const root = new Command('token-contract')
    .description('Contract tests and fuzzing for the DatoCMS "Update an API token" endpoint')
    .addCommand(mockCommand())
    .addCommand(faultsCommand());
  // Commander exits the process itself unless told otherwise, on every (sub)command.
  for (const command of [root, ...root.commands]) command.exitOverride();
  return root;
}

/** Runs the CLI; returns the exit code. Expected failures are one line on stderr, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`token-contract: ${message}\n`);
    if (error instanceof UsageError) return EXIT.usage;
    if (isListenError(error)) return EXIT.usage;
    return EXIT.target;
  }
}

function isListenError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL';
}
