import { Command } from 'commander';
import { INVARIANTS } from '../invariants/index.ts';
import { FAULTS } from '../mock/index.ts';
import { EXIT, UsageError } from './errors.ts';
import { positiveInteger } from './options.ts';
import { ensureWritableDir } from './report-dir.ts';

interface BenchFlags {
  seeds: number;
  cleanSeeds: number;
  runs: number;
  workers?: number;
  quick: boolean;
  reportDir: string;
}

/**
 * Loaded on demand: the benchmark pulls in autocannon, which nothing else needs. It is a
 * devDependency, so the installed package has no benchmark; a clone has.
 */
async function loadBench(): Promise<typeof import('../bench/index.ts')> {
  try {
    return await import('../bench/index.ts');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !String(error).includes("'autocannon'")) throw error;
    throw new UsageError('bench runs from a clone of the repository (npm ci && npm run bench), not from the package');
  }
}

export function benchCommand(done: (code: number) => void): Command {
  return new Command('bench')
    .description(
      'measure bug-finding power (every fault, several seeds) and speed and cost; writes bench.json and bench.md',
    )
    .option('--seeds <n>', 'seeds per fault', positiveInteger, 3)
    .option('--clean-seeds <n>', 'seeds of the clean mock (false positives)', positiveInteger, 20)
    .option('--runs <n>', 'runs per invariant (the default campaign)', positiveInteger, 100)
    .option('--workers <n>', 'worker processes (default: one per core)', positiveInteger)
    .option('--quick', 'a tiny budget, in this process, to check the benchmark itself runs', false)
    .option('--report-dir <dir>', 'where bench.json and bench.md go', 'reports')
    .action(async (flags: BenchFlags) => {
      ensureWritableDir('--report-dir', flags.reportDir);
      const { defaultBenchOptions, renderMarkdown, runBench, writeBench } = await loadBench();
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const defaults = defaultBenchOptions(log);
      const quickFault = FAULTS[0]!.name;
      const options = flags.quick
        ? {
            ...defaults,
            // The invariants that catch the one fault: every phase runs, on a small campaign.
            invariants: INVARIANTS.filter((i) => i.killedBy.includes(quickFault)).map((i) => i.id),
            seeds: 1,
            cleanSeeds: 1,
            runs: 3,
            faults: [quickFault],
            throughputRounds: 1,
            throughputWarmups: 0,
            throughputRuns: 3,
            scaling: [15],
            stagingRuns: 1,
            // In this process: a fork's start-up would cost more than the jobs.
            workers: 0,
          }
        : { ...defaults, seeds: flags.seeds, cleanSeeds: flags.cleanSeeds, runs: flags.runs };
      const report = await runBench({ ...options, ...(flags.workers ? { workers: flags.workers } : {}) });
      const paths = writeBench(flags.reportDir, report);
      process.stdout.write(`${renderMarkdown(report)}\nwritten: ${paths.json}, ${paths.markdown}\n`);
      done(EXIT.ok);
    });
}
