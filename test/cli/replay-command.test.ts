import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/cli.ts';
import { projectOnItsOwn, tempDir } from '../support/project.ts';

type Summary = { invariants: { id: string; failures: { key: string; replay: string }[] }[] };

/** The words a POSIX shell makes of a printed command (plain words and single-quoted ones). */
const shellWords = (line: string): string[] =>
  [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map(([, quoted, plain]) =>
    quoted === undefined ? (plain as string) : quoted.replace(/'\\''/g, "'"),
  );

/** Runs a printed `npx token-contract …` line as a user would paste it. */
const runPrinted = (line: string, env: Record<string, string> = {}) => {
  const words = shellWords(line);
  expect(words.slice(0, 2)).toEqual(['npx', 'token-contract']);
  return runMain(words.slice(2), env);
};

const snapshot = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));

describe('token-contract replay', () => {
  it("runs the printed command as printed: the run's fault is on again, the failure reproduces, its reports stay", async () => {
    const dir = tempDir();
    const run = await runMain([
      'fuzz',
      '--only',
      'hardcoded-rejected',
      '--fault',
      'hardcoded-wrong-code',
      '--seed',
      '5',
      '--runs',
      '20',
      '--json',
      '--report-dir',
      dir,
    ]);
    expect(run.code).toBe(1);
    const [failure] = (JSON.parse(run.stdout) as Summary).invariants[0]!.failures;
    const reports = snapshot(dir);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('token-contract replay');
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain(failure!.replay);

    const replay = await runPrinted(failure!.replay);
    expect(replay.stderr).toMatch(/replaying 1 failure .* against the embedded mock \(faults: hardcoded-wrong-code\)/);
    expect(replay.stdout).toContain(`hardcoded-rejected:${failure!.key}: reproduced 1 of 1`);
    expect(replay.code).toBe(1);
    expect(snapshot(dir)).toEqual(reports);
  });

  it('a concurrency failure shows every concurrent PUT and runnable curl lines; --repeat N says how many of N reproduced it', async () => {
    const dir = tempDir();
    const args = ['--only', 'concurrent-updates-atomic', '--fault', 'torn-concurrent-writes', '--seed', '3'];
    const run = await runMain(['fuzz', ...args, '--runs', '20', '--report-dir', dir]);
    expect(run.code).toBe(1);
    type Cx = { case: { submitted: unknown[] }; exchanges: { request: { method: string } }[]; curl: string[] };
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      invariants: { failures: { counterexample: Cx }[] }[];
    };
    const failures = results.invariants[0]!.failures;
    expect(failures.length).toBeGreaterThan(0);
    for (const { counterexample: cx } of failures) {
      const puts = cx.exchanges.filter((e) => e.request.method === 'PUT');
      expect(puts).toHaveLength(cx.case.submitted.length);
      for (const curl of cx.curl) {
        expect(curl).toMatch(/^curl -sS -X \w+ "\$DATOCMS_CMA_URL"'\//);
        expect(curl).not.toContain('127.0.0.1');
      }
    }
    expect(run.stdout).toContain('curl lines: the embedded mock stopped with the run, and every id in them with it');

    const replay = await runMain(['replay', join(dir, 'results.json'), '--repeat', '4']);
    const tallies = [...replay.stdout.matchAll(/: reproduced (\d) of 4/g)].map((m) => Number(m[1]));
    expect(tallies).toHaveLength(failures.length);
    expect(replay.code).toBe(tallies.some((k) => k > 0) ? 1 : 0);
  });

  it('against staging, replays with the same DATOCMS_* variables, and refuses other URLs in one line', async () => {
    const project = await projectOnItsOwn({ faults: ['hardcoded-editable'] });
    const elsewhere = await projectOnItsOwn();
    try {
      const dir = tempDir();
      const run = await runMain(
        [
          'fuzz',
          '--target',
          'staging',
          '--only',
          'hardcoded-rejected',
          '--rate-limit',
          '100000',
          '--json',
          '--report-dir',
          dir,
        ],
        project.env,
      );
      expect(run.code).toBe(1);
      const [failure] = (JSON.parse(run.stdout) as Summary).invariants[0]!.failures;
      const again = await runPrinted(`${failure!.replay} --rate-limit 100000`, project.env);
      expect(again.stdout).toMatch(/reproduced 1 of 1/);
      expect(again.code).toBe(1);
      const refused = await runPrinted(failure!.replay, elsewhere.env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(
        /^token-contract: the failing run used http:\/\/127\.0\.0\.1:\d+, but DATOCMS_CMA_URL gives .*needs the same DATOCMS_\* variables/,
      );
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await project.mock.close();
      await elsewhere.mock.close();
    }
  });

  it('tells the variant, readings and strictness it replays with, and refuses in one line, exit 2, what it cannot replay', async () => {
    const dir = tempDir();
    const setup = ['--fault', 'hardcoded-wrong-code', '--variant', '3', '--assume', 'nonEditableStatus=422'];
    await runMain([
      'fuzz',
      '--only',
      'hardcoded-rejected',
      ...setup,
      '--strict-assumptions',
      '--runs',
      '10',
      '--report-dir',
      dir,
    ]);
    const results = join(dir, 'results.json');
    const replay = await runMain(['replay', results]);
    expect(replay.stderr).toMatch(
      /against the embedded mock \(faults: hardcoded-wrong-code; variant 3; --assume nonEditableStatus=422; --strict-assumptions\)/,
    );
    expect(replay.stdout).toMatch(/reproduced 1 of 1/);
    expect(replay.code).toBe(1);
    const doc = JSON.parse(readFileSync(results, 'utf8')) as {
      invariants: { failures: unknown[] }[];
      setup: { faults: string[] };
    };
    const write = (name: string, value: unknown) => {
      writeFileSync(join(dir, name), JSON.stringify(value));
      return join(dir, name);
    };
    // The same case against a mock without the fault: not reproduced, exit 0, and no "fixed" read into it.
    const cleanSetup = { faults: [], assumptions: {}, variant: null };
    const clean = await runMain([
      'replay',
      write('clean.json', { ...doc, setup: cleanSetup, assumptions: { strict: false } }),
    ]);
    expect(clean.stdout).toMatch(/: reproduced 0 of 1\n {2}not seen again in 1 attempt\(s\); .*--repeat 20\n$/);
    expect(clean.code).toBe(0);
    const cases: [string[], RegExp][] = [
      [['replay', join(dir, 'nope.json')], /nope\.json does not exist/],
      [
        ['replay', results, '--failure', 'hardcoded-rejected:nothing'],
        /no failure "hardcoded-rejected:nothing" in .*; it has: hardcoded-rejected:/,
      ],
      [
        ['replay', write('held.json', { ...doc, invariants: doc.invariants.map((i) => ({ ...i, failures: [] })) })],
        /records no failure to replay/,
      ],
      [['replay', write('old.json', { ...doc, setup: undefined })], /does not record how its run was set up/],
      [['replay', write('other.json', { hello: 'world' })], /is not a token-contract\/results@2 document/],
      [['replay', results, '--repeat', '0'], /--repeat <n>.*whole number/],
    ];
    for (const [args, message] of cases) {
      const run = await runMain(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
