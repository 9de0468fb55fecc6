import { Command } from 'commander';
import { FAULTS, startMock, type MockOptions } from '../mock/index.ts';
import { parseAssumption } from '../spec/index.ts';
import { usage } from './errors.ts';
import { collect, collectChoice, integer, parsePort } from './options.ts';

export const DEFAULT_CMA_PORT = 7001;
export const DEFAULT_CDA_PORT = 7002;

interface MockFlags {
  host: string;
  cmaPort: number;
  cdaPort: number;
  fault: string[];
  assume: string[];
  rateLimit: boolean;
  adminToken?: string;
  variant?: number;
}

export function mockCommand(): Command {
  return new Command('mock')
    .description('start the embedded DatoCMS simulator (CMA + CDA) until Ctrl-C')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--cma-port <port>', 'CMA port', parsePort, DEFAULT_CMA_PORT)
    .option('--cda-port <port>', 'CDA port', parsePort, DEFAULT_CDA_PORT)
    .option(
      '--fault <name>',
      'switch on a fault of the catalogue (repeatable); see `token-contract faults`',
      collectChoice(FAULTS.map((f) => f.name)),
      [],
    )
    .option('--assume <key=value>', 'override an UNCONFIRMED choice (src/spec/assumptions.ts; repeatable)', collect, [])
    .option(
      '--variant <seed>',
      'a correct server that differs from the default one: every point the docs leave open takes a reading drawn from the seed',
      integer,
    )
    .option('--rate-limit', 'refuse requests past 60 per 3 s with 429', false)
    .option('--admin-token <secret>', 'fixed secret for the admin token (default: random)')
    .action(async (flags: MockFlags) => {
      const options: MockOptions = {
        host: flags.host,
        cmaPort: flags.cmaPort,
        cdaPort: flags.cdaPort,
        faults: flags.fault,
        assumptions: Object.fromEntries(flags.assume.map(usage(parseAssumption))),
        rateLimit: flags.rateLimit,
        ...(flags.adminToken ? { adminSecret: flags.adminToken } : {}),
        ...(flags.variant === undefined ? {} : { variant: flags.variant }),
      };
      const mock = await startMock(options);
      const lines = [
        `DatoCMS mock listening`,
        `  CMA:          ${mock.cmaUrl}`,
        `  CDA:          ${mock.cdaUrl}`,
        `  admin token:  ${mock.adminSecret}  (id ${mock.adminTokenId}; a local mock secret)`,
        `  faults:       ${mock.faults.length > 0 ? mock.faults.join(', ') : 'none'}`,
        `  readings:     ${
          Object.entries(mock.choices)
            .map(([key, reading]) => `${key}=${reading}`)
            .join(', ') || 'the defaults'
        }`,
        ``,
        `Point the suite at it:`,
        `  DATOCMS_CMA_URL=${mock.cmaUrl} DATOCMS_CDA_URL=${mock.cdaUrl} DATOCMS_API_TOKEN=${mock.adminSecret} npm run fuzz -- --target staging`,
        `Ctrl-C stops it.`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await mock.close();
      process.stdout.write('mock stopped\n');
    });
}
