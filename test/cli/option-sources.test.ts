import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { applyOptionSources, envName } from '../../src/cli/option-sources.ts';
import { collect, positiveInteger } from '../../src/cli/options.ts';
import { runMain } from '../support/cli.ts';
import { tempDir } from '../support/project.ts';

/** A command shaped like token-contract's, under a parent that names the commands a config file may hold. */
function fuzzLike(argv: string[]) {
  const command = new Command('fuzz')
    .option('--runs <n>', 'runs', positiveInteger, 100)
    .option('--report-dir <dir>', 'reports', 'reports')
    .option('--fault <name>', 'faults', collect, [])
    .option('--json', 'json', false)
    .option('--shrink', 'shrink')
    .option('--no-shrink', 'no shrink')
    .option('--config <file>', 'config')
    .action(() => undefined);
  new Command('token-contract').addCommand(command).parse(['fuzz', ...argv], { from: 'user' });
  return command;
}

const configIn = (dir: string, value: unknown, name = 'token-contract.config.json') => {
  writeFileSync(join(dir, name), JSON.stringify(value));
  return join(dir, name);
};

describe('options from the flag, the environment, the config file, or the default', () => {
  it('take the flag over the environment, the environment over the file, the file over the default', () => {
    const dir = tempDir();
    configIn(dir, { fuzz: { runs: 7, reportDir: 'from-file', fault: ['a', 'b'], json: true, shrink: false } });
    const env = { TOKEN_CONTRACT_RUNS: '9', TOKEN_CONTRACT_REPORT_DIR: 'from-env' };
    const command = fuzzLike(['--report-dir', 'from-flag']);
    applyOptionSources(command, env, dir);
    expect(command.opts()).toMatchObject({
      reportDir: 'from-flag',
      runs: 9,
      fault: ['a', 'b'],
      json: true,
      shrink: false,
    });
    const defaults = fuzzLike([]);
    applyOptionSources(defaults, {}, tempDir());
    expect(defaults.opts()).toMatchObject({ runs: 100, reportDir: 'reports', fault: [], json: false });
  });

  it('read lists comma-separated and switches as true or false from the environment', () => {
    const command = fuzzLike([]);
    applyOptionSources(command, {
      TOKEN_CONTRACT_FAULT: 'a, b',
      TOKEN_CONTRACT_JSON: 'true',
      TOKEN_CONTRACT_SHRINK: '0',
    });
    expect(command.opts()).toMatchObject({ fault: ['a', 'b'], json: true, shrink: false });
    expect(envName('rateShare')).toBe('TOKEN_CONTRACT_RATE_SHARE');
  });

  it.each([
    [{ TOKEN_CONTRACT_RUNS: '0' }, {}, /^TOKEN_CONTRACT_RUNS: expected a whole number ≥ 1$/],
    [{ TOKEN_CONTRACT_JSON: 'maybe' }, {}, /^TOKEN_CONTRACT_JSON: expected true or false$/],
    [{}, { fuzz: { runz: 3 } }, /"fuzz\.runz" is not an option of token-contract fuzz$/],
    [{}, { fuzzz: {} }, /"fuzzz" is not a command of token-contract \(fuzz\)$/],
    [{}, { fuzz: { json: 'yes' } }, /fuzz\.json: expected true or false$/],
    [{}, { fuzz: { runs: -1 } }, /fuzz\.runs: expected a whole number ≥ 1$/],
  ])('refuse a bad value in one line, naming where it came from: %j %j', (env, config, message) => {
    const dir = tempDir();
    configIn(dir, config);
    expect(() => applyOptionSources(fuzzLike([]), env, dir)).toThrow(message);
  });
});

describe('token-contract with options from the environment and a config file', () => {
  it('runs with them, the flag first, and refuses a missing or unreadable file in one line, exit 2', async () => {
    const dir = tempDir();
    const config = configIn(dir, { fuzz: { only: ['idempotent'], runs: 1, json: true, reportDir: join(dir, 'file') } });
    const run = await runMain(['fuzz', '--report-dir', join(dir, 'flag'), '--seed', '1'], {
      TOKEN_CONTRACT_CONFIG: config,
      TOKEN_CONTRACT_RUNS: '2',
    });
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { invariants: { id: string; runs: number }[] };
    expect(summary.invariants).toMatchObject([{ id: 'idempotent', runs: 2 }]);
    expect(existsSync(join(dir, 'flag', 'results.json'))).toBe(true);
    expect(existsSync(join(dir, 'file'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'flag', 'results.json'), 'utf8'))).toMatchObject({ seed: 1 });

    const missing = await runMain(['fuzz', '--config', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^token-contract: the config file .*nope\.json does not exist\n$/);
    writeFileSync(join(dir, 'broken.json'), '{ "fuzz": ');
    const broken = await runMain(['cleanup', '--config', join(dir, 'broken.json')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^token-contract: .*broken\.json is not readable JSON: [^\n]*\n$/);
  });
});
