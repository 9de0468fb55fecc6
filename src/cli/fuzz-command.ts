import { Command, InvalidArgumentError, Option } from 'commander';
import { INVARIANT_IDS } from '../invariants/index.ts';
import { FAULTS } from '../mock/index.ts';
import { REPORT_FORMATS, type ReportFormat } from '../report/index.ts';
import { parseAssumption } from '../spec/index.ts';
import { positiveDuration } from './duration.ts';
import { usage } from './errors.ts';
import { DEFAULTS, fuzz, type FuzzSettings } from './fuzz.ts';
import { chosen } from './option-sources.ts';
import { choiceSet, collect, collectChoice, integer, positiveInteger } from './options.ts';
import { rateLimitOption, rateShareOption } from './rate-options.ts';

interface FuzzFlags {
  target: 'mock' | 'staging';
  runs?: number;
  seed?: number;
  timeBudget?: number;
  only: string[];
  skip: string[];
  reportDir: string;
  report: ReadonlySet<ReportFormat>;
  replay?: string;
  fault: string[];
  assume: string[];
  variant?: number;
  strictAssumptions: boolean;
  shrink?: boolean;
  maxFailures: number;
  rateShare: number;
  rateLimit: number;
  json: boolean;
  ledgerDir: string;
  disposableProject: boolean;
}

const ids = (value: string, previous: string[]) => {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of list)
    if (!(INVARIANT_IDS as readonly string[]).includes(id)) throw new InvalidArgumentError(`unknown invariant "${id}"`);
  return [...previous, ...list];
};

export function fuzzCommand(done: (code: number) => void): Command {
  return new Command('fuzz')
    .description('run every invariant against a target and write reports')
    .addOption(
      new Option('--target <target>', 'the embedded mock, or a remote project from DATOCMS_* variables')
        .choices(['mock', 'staging'])
        .default('mock'),
    )
    .option(
      '--runs <n>',
      `runs per invariant (default: ${DEFAULTS.mock.runs} on the mock, ${DEFAULTS.staging.runs} on staging)`,
      positiveInteger,
    )
    .option('--seed <seed>', 'campaign seed (default: random; printed)', integer)
    .option(
      '--time-budget <duration>',
      'stop starting runs after this long, e.g. 60s (default: none on the mock, 120s on staging)',
      positiveDuration,
    )
    .option('--only <ids>', 'run only these invariants (comma-separated, repeatable)', ids, [])
    .option('--skip <ids>', 'skip these invariants (comma-separated, repeatable)', ids, [])
    .option('--report-dir <dir>', 'where results.json, junit.xml and index.html go', 'reports')
    .option(
      '--report <formats>',
      `which report files to write, comma-separated (default: all of ${REPORT_FORMATS.join(',')}; json is what \`token-contract replay\` reads)`,
      choiceSet(REPORT_FORMATS),
      new Set(REPORT_FORMATS),
    )
    .option(
      '--replay <seed:path>',
      're-run one case by its seed and path, with --only <id> and the same --fault/--assume/--variant (`token-contract replay` does it from results.json)',
    )
    .option(
      '--fault <name>',
      'switch on a fault of the mock (mock only, repeatable; `token-contract faults` lists them)',
      collectChoice(FAULTS.map((f) => f.name)),
      [],
    )
    .option(
      '--assume <key=value>',
      'take another choice on an UNCONFIRMED point (mock behaviour; repeatable)',
      collect,
      [],
    )
    .option(
      '--variant <seed>',
      'mock only: a correct server that takes other readings of what the docs leave open, drawn from the seed',
      integer,
    )
    .option('--strict-assumptions', 'oracles accept only the assumed choice of each UNCONFIRMED point', false)
    .option('--shrink', 'shrink counterexamples (default on the mock)')
    .option('--no-shrink', 'report the first failure as is (default on staging: saves requests)')
    .option(
      '--max-failures <n>',
      'distinct failures (by kind, rule, status and code) an invariant reports before it stops',
      positiveInteger,
      3,
    )
    .addOption(rateShareOption())
    .addOption(rateLimitOption())
    .option(
      '--json',
      'print only a JSON summary on stdout (progress stays on stderr); through npm: npm run fuzz --json',
      false,
    )
    .option('--ledger-dir <dir>', 'where the ownership ledger of a staging run is kept', '.token-contract')
    .option(
      '--disposable-project',
      'staging only: the project is a throwaway sandbox, so its factory tokens get real edits and are rotated (a rotated secret cannot be put back)',
      false,
    )
    .addHelpText(
      'after',
      `
Staging reads DATOCMS_API_TOKEN (required: a token whose role may manage API tokens and roles),
DATOCMS_CMA_URL (default https://site-api.datocms.com), DATOCMS_CDA_URL (default
https://graphql.datocms.com) and DATOCMS_ENVIRONMENT (optional).

Every failure prints its replay command: \`token-contract replay\` reads this run's results.json
and runs the counterexample again with the same target, faults, assumptions and seed.

Exit codes: 0 every invariant held; 1 violated, or a secret leaked into the reports; 2 usage or
configuration; 3 the target is unreachable or misbehaving; 4 the time budget ran out before some
invariant's first run; 70 a defect of token-contract itself; 130 interrupted (Ctrl-C).

Invariants: ${INVARIANT_IDS.join(', ')}`,
    )
    .action(async (flags: FuzzFlags, command: Command) => {
      const settings: FuzzSettings = {
        target: flags.target,
        runs: flags.runs,
        seed: flags.seed,
        timeBudgetMs: flags.timeBudget,
        only: flags.only,
        skip: flags.skip,
        reportDir: flags.reportDir,
        reports: flags.report,
        replay: flags.replay,
        faults: flags.fault,
        assumptions: Object.fromEntries(flags.assume.map(usage(parseAssumption))),
        variant: flags.variant,
        strict: flags.strictAssumptions,
        shrink: chosen(command, 'shrink') ? flags.shrink : undefined,
        maxFailures: flags.maxFailures,
        rateShare: flags.rateShare,
        rateLimit: flags.rateLimit,
        // `npm run fuzz --json` gives the flag to npm, which then prints its banner on stderr, not stdout.
        json: flags.json || process.env.npm_config_json === 'true',
        ledgerDir: flags.ledgerDir,
        disposableProject: flags.disposableProject,
      };
      done(await fuzz(settings));
    });
}
