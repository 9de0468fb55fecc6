import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACT_FILE } from '../../contracts/pact.ts';
import { runCli } from '../support/cli.ts';
import { startHostileServer } from '../support/hostile-server.ts';
import { namesOn, tempDir } from '../support/project.ts';

describe('token-contract verify as a process, interrupted', () => {
  it('on Ctrl-C mid-interaction, removes what the states created and ends by the signal (130 in a shell)', async () => {
    // The first update never gets its answer: the verifier waits, a state's token and role exist.
    const hostile = await startHostileServer({ mock: { rateLimit: { limit: 100_000, windowMs: 3000 } } });
    hostile.behave({ match: { method: 'PUT', path: /^\/access_tokens\//, times: 1 }, act: { kind: 'stall' } });
    const ledgerDir = tempDir();
    try {
      const cli = runCli(
        ['verify', '--target', 'staging', '--pact', PACT_FILE, '--rate-limit', '100000', '--ledger-dir', ledgerDir],
        {
          DATOCMS_CMA_URL: hostile.cmaUrl,
          DATOCMS_CDA_URL: hostile.cdaUrl,
          DATOCMS_API_TOKEN: hostile.adminSecret,
          PACT_DO_NOT_TRACK: 'true',
        },
      );
      const started = Date.now();
      while (hostile.count({ method: 'PUT' }) === 0 && Date.now() - started < 15_000)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hostile.count({ method: 'PUT' })).toBe(1);
      cli.child.kill('SIGINT');
      expect(await cli.exit()).toBeNull();
      expect(cli.child.signalCode).toBe('SIGINT');
      expect(cli.stderr()).toContain('interrupted: removing what the provider states created');
      const names = [...(await namesOn(hostile.mock, '/access_tokens')), ...(await namesOn(hostile.mock, '/roles'))];
      expect(names.filter((n) => n.startsWith('tc-'))).toEqual([]);
      expect(readdirSync(ledgerDir)).toEqual([]);
    } finally {
      await hostile.close();
    }
  });
});
