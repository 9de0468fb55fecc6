import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/mock/index.ts';
import { runCli, runMain } from '../support/cli.ts';

describe('token-contract mock', () => {
  it('serves both APIs, prints the URLs and the admin token, and stops cleanly on Ctrl-C', async () => {
    const cli = runCli(['mock', '--cma-port', '0', '--cda-port', '0', '--fault', 'hardcoded-editable']);
    const [, cmaUrl] = await cli.waitFor(/CMA:\s+(http:\/\/\S+)/);
    const [, cdaUrl] = await cli.waitFor(/CDA:\s+(http:\/\/\S+)/);
    const [, secret] = await cli.waitFor(/admin token:\s+([0-9a-f]+)/);
    expect(cli.stdout()).toMatch(/faults:\s+hardcoded-editable/);
    const headers = {
      authorization: `Bearer ${secret}`,
      accept: 'application/json',
      'content-type': 'application/json',
    };
    const site = await fetch(`${cmaUrl}/site`, { headers });
    expect(site.status).toBe(200);
    const cda = await fetch(`${cdaUrl}/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: '{ _site { locales } }' }),
    });
    expect(await cda.json()).toEqual({ data: { _site: { locales: ['en', 'it'] } } });
    cli.child.kill('SIGINT');
    expect(await cli.exit()).toBe(0);
    expect(cli.stdout()).toContain('mock stopped');
    await expect(fetch(`${cmaUrl}/site`, { headers })).rejects.toThrow();
  });

  it.each([
    [['mock', '--fault', 'no-such-fault'], /--fault <name>.*expected one of/],
    [['mock', '--cma-port', 'x'], /expected a port number/],
    [['mock', '--assume', 'nonEditableStatus=500'], /expected one of "401", "403", "422"/],
    [['nope'], /unknown command 'nope'/],
  ])('%j: one line, exit code 2', async (args, message) => {
    const run = await runMain(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a busy port in one line', async () => {
    const first = await startMock();
    try {
      const port = new URL(first.cmaUrl).port;
      const second = await runMain(['mock', '--cma-port', port, '--cda-port', '0']);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/^token-contract: .*EADDRINUSE/);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await first.close();
    }
  });
});

describe('token-contract faults', () => {
  it('piped into a reader that stops early (`| head -1`): exit 0, no stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../support/cli.ts');
    const shell = spawn('bash', [
      '-c',
      `"${process.execPath}" "${BIN}" faults | head -1; echo "exit=\${PIPESTATUS[0]}"`,
    ]);
    let out = '';
    let err = '';
    shell.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    shell.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    await new Promise((resolve) => shell.on('close', resolve));
    expect(out).toMatch(/^secret-rotates-on-update .*\nexit=0\n$/);
    expect(err).toBe('');
  });
});
