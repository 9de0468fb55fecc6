import { Command } from 'commander';
import { remoteConfigFromEnv } from '../target/index.ts';
import { EXIT } from './errors.ts';
import { preflight } from './preflight.ts';

export function doctorCommand(done: (code: number) => void): Command {
  return new Command('doctor')
    .description(
      'check, with reads only, that the DATOCMS_* variables name a CMA and a CDA of one project and a token a staging run can use',
    )
    .addHelpText(
      'after',
      `
The same checks open every staging run (fuzz --target staging, replay of a staging failure), before
anything is created: the CMA URL answers GET /site as a DatoCMS CMA and accepts DATOCMS_API_TOKEN;
the token's role has can_manage_access_tokens and can_manage_users (GET /users/me?include=role);
the CDA URL answers { _site { locales } } with the CMA's locales.

Exit codes: 0 every check passed; 2 a check failed, or the configuration is wrong (one line on
stderr); 3 a URL is unreachable; 70 a defect of token-contract itself.`,
    )
    .action(async () => {
      for (const line of await preflight(remoteConfigFromEnv(process.env))) process.stdout.write(`✓ ${line}\n`);
      done(EXIT.ok);
    });
}
