import { Command } from 'commander';
import { FAULTS, takenReadings } from '../mock/index.ts';

export function faultsCommand(): Command {
  return new Command('faults').description("list the mock's fault catalogue (for --fault)").action(() => {
    const width = Math.max(...FAULTS.map((f) => f.name.length));
    for (const fault of FAULTS) {
      // A fault a correct server may mimic: only --strict-assumptions reports it.
      const takes = takenReadings(fault);
      const note = takes ? ` (a correct reading, ${takes}: reported with --strict-assumptions only)` : '';
      process.stdout.write(`${fault.name.padEnd(width)}  ${fault.summary}${note}\n`);
    }
  });
}
