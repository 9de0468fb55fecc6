import { Command } from 'commander';
import { assumptionsTable } from '../spec/index.ts';

export function assumptionsCommand(): Command {
  return new Command('assumptions')
    .description('list the decision points the docs leave open, with every reading a correct server may take')
    .action(() => {
      process.stdout.write(`${assumptionsTable()}\n`);
    });
}
