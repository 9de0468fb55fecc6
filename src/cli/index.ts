import { Command, CommanderError } from 'commander';
import { WorldError } from '../scenarios/index.ts';
import { ConfigError, TransportError } from '../target/index.ts';
import { assumptionsCommand } from './assumptions-command.ts';
import { benchCommand } from './bench-command.ts';
import { cleanupCommand } from './cleanup-command.ts';
import { doctorCommand } from './doctor-command.ts';
import { EXIT, UsageError } from './errors.ts';
import { fuzzCommand } from './fuzz-command.ts';
import { faultsCommand } from './faults-command.ts';
import { mockCommand } from './mock-command.ts';
import { applyOptionSources, CONFIG_FILE, envName } from './option-sources.ts';
import { replayCommand } from './replay-command.ts';
import { verifyCommand } from './verify-command.ts';
import { VERSION } from './version.ts';

export function program(done: (code: number) => void = () => {}): Command {
  const root = new Command('token-contract')
    .description('Contract tests and fuzzing for the DatoCMS "Update an API token" endpoint')
    .version(VERSION, '-V, --version', 'print the version of token-contract')
    .addCommand(fuzzCommand(done))
    .addCommand(replayCommand(done))
    .addCommand(cleanupCommand(done))
    .addCommand(doctorCommand(done))
    .addCommand(benchCommand(done))
    .addCommand(verifyCommand(done))
    .addCommand(mockCommand())
    .addCommand(faultsCommand())
    .addCommand(assumptionsCommand());
  for (const command of root.commands) {
    const [example] = command.options.filter((o) => !o.isBoolean()).map((o) => o.attributeName());
    if (example)
      command
        .option('--config <file>', `options from this JSON file (default: ./${CONFIG_FILE} if it exists)`)
        .addHelpText(
          'after',
          `
Every option can also be set in the environment, as TOKEN_CONTRACT_<NAME> (a list
comma-separated, a switch true or false), or in the config file, in camelCase under the command's
name. A flag wins over the environment, which wins over the file. For example:
  ${envName(example)}=…
  { "${command.name()}": { "${example}": … } }`,
        );
  }
  root.hook('preAction', (_root, action) => applyOptionSources(action, process.env));
  // Commander exits the process itself unless told otherwise, on every (sub)command.
  for (const command of [root, ...root.commands]) command.exitOverride();
  return root;
}

let pipeGuarded = false;
/** `token-contract faults | head`: a reader that stops early is not an error (and no stack trace). */
function quietWhenThePipeCloses(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(EXIT.ok);
  });
}

/** Runs the CLI; returns the exit code. Expected failures are one line on stderr, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  quietWhenThePipeCloses();
  let code: number = EXIT.ok;
  try {
    await program((c) => (code = c)).parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError || error instanceof ConfigError || isListenError(error)) {
      process.stderr.write(`token-contract: ${message}\n`);
      return EXIT.usage;
    }
    if (error instanceof TransportError || error instanceof WorldError) {
      process.stderr.write(`token-contract: the target is unreachable or misbehaving: ${message}\n`);
      return EXIT.target;
    }
    process.stderr.write(`token-contract: a defect of token-contract itself (please report it): ${message}\n`);
    return EXIT.defect;
  }
}

function isListenError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL';
}
