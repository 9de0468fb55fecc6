import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';

const exec = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

interface ActionStep {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}
const ACTION_STEPS = (YAML.parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: { steps: ActionStep[] } })
  .runs.steps;

/**
 * Runs a script of action.yml as the runner does (bash, -e, pipefail), with the values of the
 * step's env given here: the test fails if the step expects another variable.
 */
async function actionStep(
  name: string,
  values: Record<string, string>,
  runner: Record<string, string>,
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const step = ACTION_STEPS.find((s) => s.name === name);
  expect(step?.run, name).toBeDefined();
  expect(Object.keys(step?.env ?? {}).sort(), name).toEqual(Object.keys(values).sort());
  const script = join(runner.RUNNER_TEMP!, `${name.replace(/\W+/g, '-')}.sh`);
  writeFileSync(script, step!.run!);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...runner, ...values };
  try {
    const { stdout, stderr } = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the npm package, installed and run by the action', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'token-contract-package-'));
  const runner = {
    GITHUB_ACTION_PATH: ROOT,
    RUNNER_TEMP: scratch,
    GITHUB_PATH: join(scratch, 'github-path'),
    GITHUB_OUTPUT: join(scratch, 'github-output'),
    GITHUB_STEP_SUMMARY: join(scratch, 'step-summary.md'),
  };
  let packedFiles: string[] = [];
  let binPath = '';

  beforeAll(async () => {
    // `npm pack` runs the prepack build: dist/ is bundled from the sources being tested.
    const { stdout } = await exec('npm', ['pack', '--json', '--silent', '--pack-destination', scratch], { cwd: ROOT });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    packedFiles = packed!.files.map((f) => f.path);
    // From npm's cache when it has the dependencies (`npm ci` fills it), from the registry otherwise.
    const install = await actionStep(
      'Install token-contract',
      { PACKAGE: join(scratch, packed!.filename), INSTALL_DIR: join(scratch, 'token-contract') },
      { ...runner, npm_config_prefer_offline: 'true' },
      scratch,
    );
    expect(install.code, install.stderr).toBe(0);
    binPath = `${readFileSync(runner.GITHUB_PATH, 'utf8').trim()}:${process.env.PATH}`;
  }, 60_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('holds the bundled dist/ and the spec it loads, not the sources, and installs without tsx', () => {
    expect(packedFiles).toContain('dist/cli/index.js');
    expect(packedFiles).toContain('spec/cma.openapi.yaml');
    expect(packedFiles.filter((f) => /^(src|test|properties|contracts)\//.test(f))).toEqual([]);
    expect(existsSync(join(scratch, 'token-contract/node_modules/datocms-token-contract/dist/cli/index.js'))).toBe(
      true,
    );
    expect(existsSync(join(scratch, 'token-contract/node_modules/tsx')), 'tsx is installed with the package').toBe(
      false,
    );
  });

  it('runs a campaign in an empty folder, writes its reports there, and the step summary', async () => {
    const app = join(scratch, 'app');
    mkdirSync(app);
    const campaign = await actionStep(
      'Run the campaign',
      {
        TARGET: 'mock',
        RUNS: '2',
        TIME_BUDGET: '30s',
        EXTRA_ARGS: '--only secret-unchanged --seed 1',
        REPORT_DIR: 'out',
      },
      { ...runner, PATH: binPath },
      app,
    );
    expect(campaign.code, campaign.stderr).toBe(0);
    expect(campaign.stdout).toMatch(/secret-unchanged\s+2\s+held/);
    expect(readFileSync(runner.GITHUB_OUTPUT, 'utf8')).toBe('exit-code=0\n');
    expect(readdirSync(join(app, 'out')).sort()).toEqual([
      'events.ndjson',
      'index.html',
      'junit.xml',
      'results.json',
      'summary.md',
    ]);
    const results = JSON.parse(readFileSync(join(app, 'out/results.json'), 'utf8')) as {
      ending: string;
      invariants: { id: string; verdict: string }[];
    };
    expect(results.ending).toBe('completed');
    expect(results.invariants.map((i) => [i.id, i.verdict])).toEqual([['secret-unchanged', 'held']]);

    const summary = await actionStep('Step summary', { SUMMARY: 'out/summary.md' }, runner, app);
    expect(summary.code).toBe(0);
    expect(readFileSync(runner.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(
      /^### token-contract — held: 1 held · 2 of 2 runs/,
    );
  });

  it('says the benchmark runs from a clone (its autocannon is a devDependency)', async () => {
    const bench = await exec(join(scratch, 'token-contract/node_modules/.bin/token-contract'), ['bench', '--quick'], {
      cwd: scratch,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(bench.code).toBe(2);
    expect(bench.stderr).toMatch(/bench runs from a clone of the repository/);
  });

  it('says verify needs @pact-foundation/pact, which the projects that write pacts install', async () => {
    const pact = join(ROOT, 'contracts/pacts/token-contract-datocms-cma.json');
    const verify = await exec(
      join(scratch, 'token-contract/node_modules/.bin/token-contract'),
      ['verify', '--pact', pact],
      {
        cwd: scratch,
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(verify.code).toBe(2);
    expect(verify.stderr).toBe(
      'token-contract: verify needs @pact-foundation/pact: npm install --save-dev @pact-foundation/pact\n',
    );
  });

  it('passes its inputs as arguments, never as shell code', async () => {
    const app = join(scratch, 'hostile');
    mkdirSync(app);
    const campaign = await actionStep(
      'Run the campaign',
      {
        TARGET: 'mock',
        RUNS: '2;touch ran-1',
        TIME_BUDGET: '',
        EXTRA_ARGS: '$(touch ran-2) `touch ran-3`',
        REPORT_DIR: 'out',
      },
      { ...runner, PATH: binPath },
      app,
    );
    expect(campaign.code).toBe(2);
    expect(readdirSync(app)).toEqual([]);
  });
});
