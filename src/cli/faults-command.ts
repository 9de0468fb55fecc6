import { Command } from 'commander';
import { FAULTS } from '../mock/index.ts';

export function faultsCommand(): Command {
  return new Command('faults').description("list the mock's fault catalogue (for --fault)").action(() => {
    const width = Math.max(...FAULTS.map((f) => f.name.length));
    for (const fault of FAULTS) process.stdout.write(`${fault.name.padEnd(width)}  ${fault.summary}\n`);
  });
}
