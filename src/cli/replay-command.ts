import { Command } from 'commander';
import { positiveInteger } from './options.ts';
import { replay } from './replay.ts';
import { rateLimitOption, rateShareOption } from './rate-options.ts';

interface ReplayFlags {
  failure?: string;
  repeat: number;
  ledgerDir: string;
  rateShare: number;
  rateLimit: number;
}

export function replayCommand(done: (code: number) => void): Command {
  return new Command('replay')
    .description("run a failing run's counterexamples again, with its target, faults, assumptions, strictness and seed")
    .argument('[results]', 'the results.json of the failing run', 'reports/results.json')
    .option('--failure <invariant:key>', 'only this failure (or every failure of an invariant id)')
    .option('--repeat <n>', 'run each counterexample n times, and tell how many reproduced it', positiveInteger, 1)
    .option('--ledger-dir <dir>', 'where the ownership ledger of a staging replay is kept', '.token-contract')
    .addOption(rateShareOption())
    .addOption(rateLimitOption())
    .addHelpText(
      'after',
      `
Writes no report: the failing run's reports stay as they are. A failure replayed against staging
needs the same DATOCMS_API_TOKEN, DATOCMS_CMA_URL and DATOCMS_CDA_URL (and DATOCMS_ENVIRONMENT) as
the failing run; URLs that differ from the recorded ones are refused.

Exit codes: 0 no failure reproduced (another failure is reported, not counted); 1 some failure
reproduced (at least once); 2 usage, or a
results.json that cannot be replayed; 3 the target failed in every attempt; 70 a defect of
token-contract itself; 130 interrupted (Ctrl-C).`,
    )
    .action(async (results: string, flags: ReplayFlags) => {
      done(
        await replay({
          resultsPath: results,
          failure: flags.failure,
          repeat: flags.repeat,
          ledgerDir: flags.ledgerDir,
          rateShare: flags.rateShare,
          rateLimit: flags.rateLimit,
        }),
      );
    });
}
