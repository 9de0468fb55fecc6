import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { INVARIANT_IDS } from '../../src/invariants/index.ts';
import { loadContract } from '../../src/spec/index.ts';
import { runCli, runMain } from '../support/cli.ts';
import { projectOnItsOwn, tempDir } from '../support/project.ts';

const staging = (env: Record<string, string>, ...args: string[]) =>
  runMain(['fuzz', '--target', 'staging', '--rate-limit', '100000', '--report-dir', tempDir(), ...args], env);

const aFile = join(tempDir(), 'a-file');
writeFileSync(aFile, '');

type Summary = {
  invariants: { id: string; verdict: string; runs: number; failures: { message: string; replay: string }[] }[];
};

describe('token-contract fuzz against the embedded mock', () => {
  it('holds, exits 0, and writes results.json (valid against its schema), events, junit.xml and index.html', async () => {
    const dir = tempDir();
    const run = await runMain(['fuzz', '--runs', '6', '--seed', '7', '--report-dir', dir]);
    expect(run.code).toBe(0);
    const n = INVARIANT_IDS.length;
    expect(run.stderr).toMatch(new RegExp(`^token-contract: ${n} invariants against embedded mock, seed 7$`, 'm'));
    expect(run.stdout).toContain(`${n} invariants: ${n} held, 0 violated`);
    expect(run.stdout).toMatch(/requests \(peak \d+ per 3 s\)/);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const schema = JSON.parse(readFileSync('spec/results.schema.json', 'utf8'));
    expect((await loadContract()).validate(schema, results).issues).toEqual([]);
    expect(results.invariants.map((i: { id: string }) => i.id)).toEqual([...INVARIANT_IDS]);
    // A line per run finished, and more per campaign and invariant.
    expect(readFileSync(join(dir, 'events.ndjson'), 'utf8').split('\n').length).toBeGreaterThan(6 * n);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit.match(/<testcase /g)).toHaveLength(INVARIANT_IDS.length);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const id of INVARIANT_IDS) expect(html).toContain(`data-invariant="${id}"`);
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/);
  });

  it('exits 1 with a fault, and names the invariant and its failure (test/cli/replay-command.test.ts replays it)', async () => {
    const dir = tempDir();
    const run = await runMain([
      'fuzz',
      '--only',
      'hardcoded-rejected',
      '--fault',
      'hardcoded-wrong-code',
      '--json',
      '--report-dir',
      dir,
    ]);
    expect(run.code).toBe(1);
    const [result] = (JSON.parse(run.stdout) as Summary).invariants;
    expect(result).toMatchObject({ id: 'hardcoded-rejected', verdict: 'violated' });
    expect(result!.failures[0]?.message).toMatch(/NON_EDITABLE_ACCESS_TOKEN/);
  });

  // How far each invariant gets in 50 ms depends on the machine; test/campaign/time-budget.test.ts pins the cuts.
  it('shows runs cut by the time budget as done/planned; an invariant with none is skipped, and the run exits 4', async () => {
    const dir = tempDir();
    const run = await runMain(['fuzz', '--time-budget', '50ms', '--seed', '7', '--report-dir', dir]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/the time budget ran out before \d+ invariants? started: raise --time-budget/);
    const rows = run.stdout.split('\n').filter((line) => INVARIANT_IDS.some((id) => line.startsWith(`${id} `)));
    expect(rows).toHaveLength(INVARIANT_IDS.length);
    // An invariant may still finish its 100 runs within its share; none holds without a run.
    for (const row of rows) expect(row).toMatch(/ (0 {2}skipped|[1-9]\d*\/100 {2}held|100 {2}held) /);
    expect(run.stdout).toMatch(/ skipped +0\.0 s {2}the time budget ran out before its first run\n/);
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
    [['fuzz', '--target', 'staging', '--variant', '3'], /--variant works only with --target mock/],
    [['fuzz', '--disposable-project'], /--disposable-project works only with --target staging/],
    [['fuzz', '--replay', '12:0:1'], /--replay needs exactly one invariant/],
    [['fuzz', '--only', 'idempotent', '--replay', 'x'], /--replay expects SEED:PATH/],
    [['fuzz', '--time-budget', 'soon'], /expected a duration/],
    [['fuzz', '--max-failures', '0'], /--max-failures <n>.*whole number/],
    [['fuzz', '--time-budget', '0'], /--time-budget <duration>.*expected a duration above zero/],
    [['fuzz', '--report-dir', aFile], /--report-dir .*: .* is a file, not a folder/],
    [['fuzz', '--report-dir', join(aFile, 'reports')], /--report-dir .*: .* is a file, not a folder/],
    [['bench', '--quick', '--report-dir', aFile], /--report-dir .*: .* is a file, not a folder/],
    [
      ['fuzz', '--report', 'junit,pdf'],
      /--report <formats>.*expected some of: json, ndjson, junit, html, markdown \(got pdf\)/,
    ],
  ])('%j: one line, exit 2, before anything runs', async (args, message) => {
    const run = await runMain(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('writes only the reports --report names, and lists only those', async () => {
    const dir = tempDir();
    const run = await runMain([
      'fuzz',
      '--runs',
      '1',
      '--only',
      'idempotent',
      '--report',
      'junit,markdown',
      '--report-dir',
      dir,
    ]);
    expect(run.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'summary.md']);
    expect(run.stdout).toContain(`reports: ${join(dir, 'junit.xml')}, ${join(dir, 'summary.md')}\n`);
  });

  // A child process: on a path Node's recursive mkdir cannot create, the CLI used to spin forever.
  it('refuses a --report-dir it cannot create (/proc/nope) at once, in one line, exit 2', async () => {
    const run = runCli(['fuzz', '--report-dir', '/proc/nope/reports']);
    const spinning = setTimeout(() => run.child.kill('SIGKILL'), 15_000);
    const code = await run.exit();
    clearTimeout(spinning);
    expect(code).toBe(2);
    expect(run.stderr()).toMatch(/^token-contract: --report-dir \/proc\/nope\/reports: cannot write there \(\w+\)\n$/);
  });

  it('staging with a --ledger-dir that is a file: one line, exit 2, before anything is created', async () => {
    const run = await runMain(['fuzz', '--target', 'staging', '--ledger-dir', aFile, '--report-dir', tempDir()], {
      DATOCMS_API_TOKEN: 'x',
      DATOCMS_CMA_URL: 'http://127.0.0.1:9',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^token-contract: --ledger-dir .*a-file: .* is a file, not a folder\n$/);
  });

  it('staging without DATOCMS_API_TOKEN: one line, exit 2', async () => {
    const run = await runMain(['fuzz', '--target', 'staging'], { DATOCMS_API_TOKEN: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^token-contract: DATOCMS_API_TOKEN is not set/);
  });

  it('an unreachable target: exit 3, and one line that says why', async () => {
    const run = await runMain(['fuzz', '--target', 'staging', '--report-dir', tempDir()], {
      DATOCMS_API_TOKEN: 'x',
      DATOCMS_CMA_URL: 'http://127.0.0.1:9',
      DATOCMS_CDA_URL: 'http://127.0.0.1:9',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^token-contract: the target is unreachable or misbehaving: .*ECONNREFUSED/m);
  });
});

describe('token-contract fuzz --target staging, against a project on its own', () => {
  it('holds against the clean mock, and leaves nothing behind', async () => {
    const project = await projectOnItsOwn();
    try {
      const tokensBefore = await project.tokenNames();
      const run = await staging(project.env, '--runs', '1');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`${INVARIANT_IDS.length} invariants: ${INVARIANT_IDS.length} held`);
      expect(await project.tokenNames()).toEqual(tokensBefore);
      expect((await project.roleNames()).filter((n) => n.startsWith('tc-'))).toEqual([]);
    } finally {
      await project.mock.close();
    }
  });

  // Against a remote target, these faults are checked here only (every fault is checked against the
  // embedded mock in properties/each-invariant-can-fail.test.ts).
  it.each([
    ['secret-rotates-on-update', 'secret-unchanged'],
    ['hardcoded-editable', 'hardcoded-rejected'],
    ['grant-cached-cda', 'permissions-immediate-cda'],
  ])('exits 1 against a mock with the fault %s, naming %s', async (fault, id) => {
    const project = await projectOnItsOwn({ faults: [fault] });
    try {
      const run = await staging(project.env, '--only', id, '--runs', '20', '--json');
      expect(run.code).toBe(1);
      expect((JSON.parse(run.stdout) as Summary).invariants[0]).toMatchObject({ id, verdict: 'violated' });
    } finally {
      await project.mock.close();
    }
  });

  it.each(['hardcoded-rejected-but-applied', 'hardcoded-not-rotatable'])(
    'catches the fault %s only when the project is declared disposable: a real one gets no-op probes',
    async (fault) => {
      const project = await projectOnItsOwn({ faults: [fault] });
      const probe = (...extra: string[]) =>
        staging(project.env, '--only', 'hardcoded-rejected', '--runs', '6', '--json', ...extra);
      try {
        expect((await probe()).code).toBe(0);
        const sandbox = await probe('--disposable-project');
        expect(sandbox.code).toBe(1);
        expect((JSON.parse(sandbox.stdout) as Summary).invariants[0]).toMatchObject({
          id: 'hardcoded-rejected',
          verdict: 'violated',
        });
      } finally {
        await project.mock.close();
      }
    },
  );

  it('fails the run, and removes the file, when a secret leaks into the reports (the artefact lint)', async () => {
    const project = await projectOnItsOwn({ adminSecret: 'feedfacefeedfacefeedfacefeedface01' });
    try {
      const dir = tempDir();
      writeFileSync(join(dir, 'planted.txt'), 'debug: token=feedfacefeedfacefeedfacefeedface01\n');
      const run = await runMain(
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
        project.env,
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`a secret leaked into ${join(dir, 'planted.txt')}`);
      expect(run.stderr).not.toContain('feedfacefeedfacefeedfacefeedface01');
      expect(existsSync(join(dir, 'planted.txt'))).toBe(false);
      for (const file of ['results.json', 'junit.xml', 'index.html', 'summary.md', 'events.ndjson'])
        expect(readFileSync(join(dir, file), 'utf8')).not.toContain('feedfacefeedface');
    } finally {
      await project.mock.close();
    }
  });
});

describe('token-contract, asked about itself', () => {
  it('prints its version, and durations in help as a person writes them', async () => {
    const version = await runMain(['--version']);
    expect(version.code).toBe(0);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = await runMain(['cleanup', '--help']);
    expect(help.stdout).toMatch(/runs older than this \(default: 2h\)/);
  });
});
