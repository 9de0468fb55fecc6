import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { INVARIANT_IDS } from '../../src/invariants/index.ts';
import { loadContract } from '../../src/spec/index.ts';
import { runCli } from '../support/cli.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'fuzz-'));

/** `token-contract mock` in a child process, as a user starts it by hand. */
async function handStartedMock(args: string[] = []) {
  const cli = runCli(['mock', '--cma-port', '0', '--cda-port', '0', ...args]);
  const [, cma] = await cli.waitFor(/CMA:\s+(http:\/\/\S+)/);
  const [, cda] = await cli.waitFor(/CDA:\s+(http:\/\/\S+)/);
  const [, token] = await cli.waitFor(/admin token:\s+([0-9a-f]+)/);
  const env = { DATOCMS_CMA_URL: cma!, DATOCMS_CDA_URL: cda!, DATOCMS_API_TOKEN: token! };
  const get = async (path: string) =>
    (await (
      await fetch(`${cma}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })
    ).json()) as {
      data: { id: string; attributes: { name: string } }[];
    };
  return {
    env,
    tokenNames: async () => (await get('/access_tokens')).data.map((t) => t.attributes.name),
    roleNames: async () => (await get('/roles')).data.map((r) => r.attributes.name),
    stop: async () => {
      cli.child.kill('SIGTERM');
      await cli.exit();
    },
  };
}

/** A staging campaign long enough to be interrupted, with its own ledger directory. */
function longStagingRun(env: Record<string, string>, rateShare: string) {
  const ledgerDir = tempDir();
  const args = [
    'fuzz',
    '--target',
    'staging',
    '--runs',
    '50',
    '--rate-share',
    rateShare,
    '--ledger-dir',
    ledgerDir,
    '--report-dir',
    tempDir(),
  ];
  return { cli: runCli(args, env), ledgerDir };
}

describe('token-contract fuzz against the embedded mock', () => {
  it('holds, exits 0, and writes results.json (valid against its schema), junit.xml and index.html', async () => {
    const dir = tempDir();
    const cli = runCli(['fuzz', '--runs', '20', '--seed', '7', '--report-dir', dir]);
    expect(await cli.exit()).toBe(0);
    expect(cli.stdout()).toMatch(/15 invariants: 15 held, 0 violated/);
    expect(cli.stdout()).toMatch(/requests \(peak \d+ per 3 s\)/);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const contract = await loadContract();
    const schema = JSON.parse(readFileSync('spec/results.schema.json', 'utf8'));
    expect(contract.validate(schema, results).issues).toEqual([]);
    expect(results.invariants.map((i: { id: string }) => i.id)).toEqual([...INVARIANT_IDS]);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit.match(/<testcase /g)).toHaveLength(INVARIANT_IDS.length);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const id of INVARIANT_IDS) expect(html).toContain(`data-invariant="${id}"`);
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/);
  });

  it('exits 1 with a fault, names the invariant, and prints a counterexample that replays', async () => {
    const dir = tempDir();
    const first = runCli([
      'fuzz',
      '--fault',
      'hardcoded-wrong-code',
      '--only',
      'hardcoded-rejected',
      '--json',
      '--report-dir',
      dir,
    ]);
    expect(await first.exit()).toBe(1);
    const summary = JSON.parse(first.stdout());
    const [result] = summary.invariants;
    expect(result).toMatchObject({ id: 'hardcoded-rejected', verdict: 'violated' });
    expect(result.message).toMatch(/NON_EDITABLE_ACCESS_TOKEN/);
    const replay = runCli([
      ...result.replay.split(' ').slice(2),
      '--fault',
      'hardcoded-wrong-code',
      '--json',
      '--report-dir',
      dir,
    ]);
    expect(await replay.exit()).toBe(1);
    const again = JSON.parse(replay.stdout()).invariants[0];
    expect(again.message).toBe(result.message);
    expect(again.runs).toBe(1);
  });

  it('shows runs cut by the time budget as done/planned; an invariant with none is skipped, and the run exits 4', async () => {
    const dir = tempDir();
    const cli = runCli(['fuzz', '--time-budget', '50ms', '--seed', '7', '--report-dir', dir]);
    expect(await cli.exit()).toBe(4);
    expect(cli.stderr()).toMatch(/the time budget ran out before \d+ invariants? started: raise --time-budget/);
    const rows = cli
      .stdout()
      .split('\n')
      .filter((line) => INVARIANT_IDS.some((id) => line.startsWith(`${id} `)));
    expect(rows).toHaveLength(INVARIANT_IDS.length);
    // An invariant may still finish its 100 runs within its share; none holds without a run.
    for (const row of rows) expect(row).toMatch(/ (0\/100 {2}skipped|[1-9]\d*\/100 {2}held|100 {2}held) /);
    expect(rows.some((row) => row.includes('/100'))).toBe(true);
    expect(cli.stdout()).toMatch(/skipped, the time budget ran out before its first run/);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      summary: { verdict: string };
      invariants: { verdict: string; runs: number }[];
    };
    expect(results.invariants.filter((r) => r.verdict === 'held' && r.runs === 0)).toEqual([]);
    expect(results.summary.verdict).toBe('incomplete');
  });

  it.each([
    [['fuzz', '--runs', '0'], /--runs <n>.*whole number/],
    [['fuzz', '--only', 'nope'], /unknown invariant "nope"/],
    [['fuzz', '--target', 'prod'], /--target <target>.*Allowed choices are mock, staging/],
    [['fuzz', '--target', 'staging', '--fault', 'hardcoded-editable'], /--fault works only with --target mock/],
    [['fuzz', '--disposable-project'], /--disposable-project works only with --target staging/],
    [['fuzz', '--replay', '12:0:1'], /--replay needs exactly one invariant/],
    [['fuzz', '--only', 'idempotent', '--replay', 'x'], /--replay expects SEED:PATH/],
    [['fuzz', '--time-budget', 'soon'], /expected a duration/],
  ])('%j: one line, exit 2', async (args, message) => {
    const cli = runCli(args);
    expect(await cli.exit()).toBe(2);
    expect(cli.stderr()).toMatch(message);
    expect(cli.stderr()).not.toMatch(/\n\s+at /);
  });

  it('staging without DATOCMS_API_TOKEN: one line, exit 2', async () => {
    const cli = runCli(['fuzz', '--target', 'staging'], { DATOCMS_API_TOKEN: '' });
    expect(await cli.exit()).toBe(2);
    expect(cli.stderr()).toMatch(/^token-contract: DATOCMS_API_TOKEN is not set/);
  });

  it('an unreachable target: one line, exit 3', async () => {
    const cli = runCli(['fuzz', '--target', 'staging'], {
      DATOCMS_API_TOKEN: 'x',
      DATOCMS_CMA_URL: 'http://127.0.0.1:9',
      DATOCMS_CDA_URL: 'http://127.0.0.1:9',
    });
    expect(await cli.exit()).toBe(3);
    expect(cli.stderr()).toMatch(/^token-contract: the target is unreachable or misbehaving: .*ECONNREFUSED/m);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
  });
});

describe('token-contract fuzz --target staging, against a mock started by hand', () => {
  it('holds against the clean mock, and leaves nothing behind', async () => {
    const mock = await handStartedMock();
    try {
      const tokensBefore = await mock.tokenNames();
      const cli = runCli(
        ['fuzz', '--target', 'staging', '--runs', '1', '--rate-share', '1', '--report-dir', tempDir()],
        mock.env,
      );
      expect(await cli.exit()).toBe(0);
      expect(cli.stdout()).toMatch(/15 invariants: 14 held, 0 violated, 0 skipped|15 invariants: 15 held/);
      expect(await mock.tokenNames()).toEqual(tokensBefore);
      expect((await mock.roleNames()).filter((n) => n.startsWith('tc-'))).toEqual([]);
    } finally {
      await mock.stop();
    }
  });

  it.each([
    ['secret-rotates-on-update', 'secret-unchanged'],
    ['hardcoded-editable', 'hardcoded-rejected'],
    ['grant-cached-cda', 'permissions-immediate-cda'],
  ])('exits 1 against `mock --fault %s`, naming %s', async (fault, id) => {
    const mock = await handStartedMock(['--fault', fault]);
    try {
      const cli = runCli(
        [
          'fuzz',
          '--target',
          'staging',
          '--only',
          id,
          '--runs',
          '20',
          '--rate-share',
          '1',
          '--json',
          '--report-dir',
          tempDir(),
        ],
        mock.env,
      );
      expect(await cli.exit()).toBe(1);
      expect(JSON.parse(cli.stdout()).invariants[0]).toMatchObject({ id, verdict: 'violated' });
    } finally {
      await mock.stop();
    }
  });

  it.each(['hardcoded-rejected-but-applied', 'hardcoded-not-rotatable'])(
    'catches `mock --fault %s` only when the project is declared disposable: a real one gets no-op probes',
    async (fault) => {
      const mock = await handStartedMock(['--fault', fault]);
      const staging = (...extra: string[]) => {
        const args = ['fuzz', '--target', 'staging', '--only', 'hardcoded-rejected', '--runs', '6'];
        return runCli([...args, '--rate-share', '1', '--json', '--report-dir', tempDir(), ...extra], mock.env);
      };
      try {
        const careful = staging();
        expect(await careful.exit()).toBe(0);
        const sandbox = staging('--disposable-project');
        expect(await sandbox.exit()).toBe(1);
        expect(JSON.parse(sandbox.stdout()).invariants[0]).toMatchObject({
          id: 'hardcoded-rejected',
          verdict: 'violated',
        });
      } finally {
        await mock.stop();
      }
    },
  );

  it('fails the run when a secret leaks into the reports (the artefact lint)', async () => {
    const mock = await handStartedMock(['--admin-token', 'feedfacefeedfacefeedfacefeedface01']);
    try {
      const dir = tempDir();
      writeFileSync(join(dir, 'planted.txt'), 'debug: token=feedfacefeedfacefeedfacefeedface01\n');
      const cli = runCli(
        [
          'fuzz',
          '--target',
          'staging',
          '--only',
          'idempotent',
          '--runs',
          '1',
          '--rate-share',
          '1',
          '--report-dir',
          dir,
        ],
        mock.env,
      );
      expect(await cli.exit()).toBe(1);
      expect(cli.stderr()).toContain(`a secret leaked into ${join(dir, 'planted.txt')}`);
      expect(cli.stderr()).not.toContain('feedfacefeedfacefeedfacefeedface01');
      for (const file of ['results.json', 'junit.xml', 'index.html'])
        expect(readFileSync(join(dir, file), 'utf8')).not.toContain('feedfacefeedface');
    } finally {
      await mock.stop();
    }
  });

  it('interrupted at a random moment (Ctrl-C), cleans up everything it created', async () => {
    const mock = await handStartedMock();
    try {
      const tokensBefore = await mock.tokenNames();
      const { cli, ledgerDir } = longStagingRun(mock.env, '1');
      await new Promise((resolve) => setTimeout(resolve, 800 + Math.floor(Math.random() * 2500)));
      cli.child.kill('SIGINT');
      expect(await cli.exit()).toBe(130);
      expect(cli.stderr()).toContain('interrupted: finishing the current run, then cleaning up');
      expect(await mock.tokenNames()).toEqual(tokensBefore);
      expect((await mock.roleNames()).filter((n) => n.startsWith('tc-'))).toEqual([]);
      expect(readdirSync(ledgerDir)).toEqual([]);
    } finally {
      await mock.stop();
    }
  });

  it('a second Ctrl-C stops at once and keeps the ledger; `token-contract cleanup` removes the rest', async () => {
    const mock = await handStartedMock();
    try {
      const tokensBefore = await mock.tokenNames();
      // A low rate share makes setting up slow enough to be interrupted in the middle of it.
      const { cli, ledgerDir } = longStagingRun(mock.env, '0.1');
      // Wait until the fixtures exist (a role is always created first).
      for (let i = 0; i < 100 && !(await mock.roleNames()).some((n) => n.startsWith('tc-')); i += 1)
        await new Promise((r) => setTimeout(r, 50));
      cli.child.kill('SIGINT');
      // Signals do not queue: the second one must arrive after the first was handled.
      for (let i = 0; i < 100 && !cli.stderr().includes('interrupted'); i += 1)
        await new Promise((r) => setTimeout(r, 20));
      cli.child.kill('SIGINT');
      expect(await cli.exit()).toBe(130);
      expect(cli.stderr()).toContain('stopped at once');
      expect(readdirSync(ledgerDir)).toHaveLength(1);
      expect((await mock.roleNames()).some((n) => n.startsWith('tc-'))).toBe(true);
      const cleanup = runCli(['cleanup', '--ledger-dir', ledgerDir], mock.env);
      expect(await cleanup.exit()).toBe(0);
      expect(cleanup.stdout()).toMatch(/removed \d+ \(from 1 ledger\(s\)/);
      expect(await mock.tokenNames()).toEqual(tokensBefore);
      expect((await mock.roleNames()).filter((n) => n.startsWith('tc-'))).toEqual([]);
      expect(existsSync(ledgerDir) && readdirSync(ledgerDir)).toEqual([]);
    } finally {
      await mock.stop();
    }
  });
});
