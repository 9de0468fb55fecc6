import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runMain } from '../support/cli.ts';
import { startHostileServer } from '../support/hostile-server.ts';
import { namesOn, projectOnItsOwn, tempDir } from '../support/project.ts';

describe('token-contract fuzz as a process, interrupted', () => {
  /** A staging campaign long enough to be interrupted, in a child process, with its own ledger directory. */
  function longStagingRun(env: Record<string, string>, rateShare: string) {
    const ledgerDir = tempDir();
    const reportDir = tempDir();
    const args = ['fuzz', '--target', 'staging', '--runs', '50', '--rate-share', rateShare, '--seed', '5'];
    return { cli: runCli([...args, '--ledger-dir', ledgerDir, '--report-dir', reportDir], env), ledgerDir, reportDir };
  }

  it('on Ctrl-C during the campaign, finishes the run, cleans up everything, and reports the run interrupted', async () => {
    const project = await projectOnItsOwn({ rateLimit: false });
    try {
      const tokensBefore = await project.tokenNames();
      const { cli, ledgerDir, reportDir } = longStagingRun(project.env, '1');
      // After it says it has started (its signal handlers are in place), a little into the campaign.
      await cli.waitForError(/invariants against .*, seed 5/);
      await new Promise((resolve) => setTimeout(resolve, 600));
      cli.child.kill('SIGINT');
      expect(await cli.exit()).toBe(130);
      expect(cli.stderr()).toContain('interrupted: stopping the current run, then cleaning up');
      expect(cli.stdout()).toMatch(/\d+ interrupted/);
      // Written as interrupted, never as held with its planned runs.
      const results = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as {
        ending: string;
        summary: { verdict: string; held: number };
      };
      expect(results).toMatchObject({ ending: 'interrupted', summary: { verdict: 'interrupted' } });
      expect(readFileSync(join(reportDir, 'junit.xml'), 'utf8')).toMatch(/interrupted/);
      expect(await project.tokenNames()).toEqual(tokensBefore);
      expect((await project.roleNames()).filter((n) => n.startsWith('tc-'))).toEqual([]);
      expect(readdirSync(ledgerDir)).toEqual([]);
    } finally {
      await project.mock.close();
    }
  });

  it('a second Ctrl-C stops at once and keeps the ledger; `token-contract cleanup` removes the rest', async () => {
    // Deletions stall: the first Ctrl-C's cleanup is still going when the second one arrives.
    const hostile = await startHostileServer({ mock: { rateLimit: { limit: 100_000, windowMs: 3000 } } });
    const names = (path: '/access_tokens' | '/roles') => namesOn(hostile.mock, path);
    const env = {
      DATOCMS_CMA_URL: hostile.cmaUrl,
      DATOCMS_CDA_URL: hostile.cdaUrl,
      DATOCMS_API_TOKEN: hostile.adminSecret,
    };
    try {
      const tokensBefore = await names('/access_tokens');
      hostile.behave({ match: { method: 'DELETE' }, act: { kind: 'stall' } });
      const { cli, ledgerDir } = longStagingRun(env, '1');
      // Wait until the fixtures exist (a role is always created first).
      for (let i = 0; i < 200 && !(await names('/roles')).some((n) => n.startsWith('tc-')); i += 1)
        await new Promise((r) => setTimeout(r, 50));
      cli.child.kill('SIGINT');
      // Signals do not queue: the second one must arrive after the first was handled.
      await cli.waitForError(/interrupted: stopping the current run/);
      cli.child.kill('SIGINT');
      expect(await cli.exit()).toBe(130);
      expect(cli.stderr()).toContain('stopped at once');
      expect(readdirSync(ledgerDir)).toHaveLength(1);
      expect((await names('/roles')).some((n) => n.startsWith('tc-'))).toBe(true);
      hostile.reset();
      const cleanup = await runMain(['cleanup', '--ledger-dir', ledgerDir], env);
      expect(cleanup.code).toBe(0);
      expect(cleanup.stdout).toMatch(/removed \d+ \(from 1 ledger\(s\)/);
      expect(await names('/access_tokens')).toEqual(tokensBefore);
      expect((await names('/roles')).filter((n) => n.startsWith('tc-'))).toEqual([]);
      expect(existsSync(ledgerDir) && readdirSync(ledgerDir)).toEqual([]);
    } finally {
      await hostile.close();
    }
  });
});
