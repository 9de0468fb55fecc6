import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

interface PackedFile {
  path: string;
}
interface Packed {
  filename: string;
  files: PackedFile[];
}

describe('the npm package', () => {
  it('packs, installs into an empty folder and runs a campaign there, compiled, without tsx', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'token-contract-package-'));
    try {
      await packInstallAndRun(scratch);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

async function packInstallAndRun(scratch: string): Promise<void> {
  // `npm pack` runs the prepack build: dist/ is compiled from the sources being tested.
  const { stdout } = await run('npm', ['pack', '--json', '--silent', '--pack-destination', scratch], { cwd: ROOT });
  const [packed] = JSON.parse(stdout) as Packed[];
  const files = packed!.files.map((f) => f.path);
  expect(files).toContain('dist/cli/index.js');
  expect(files).toContain('spec/cma.openapi.yaml');
  expect(files.filter((f) => /^(src|test|properties|contracts)\//.test(f))).toEqual([]);

  const app = join(scratch, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "private": true }\n');
  // From npm's cache when it has the dependencies (`npm ci` fills it), from the registry otherwise.
  await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(scratch, packed!.filename)],
    { cwd: app },
  );
  expect(existsSync(join(app, 'node_modules/tsx')), 'tsx is installed with the package').toBe(false);

  const campaign = await run(
    join(app, 'node_modules/.bin/token-contract'),
    ['fuzz', '--runs', '2', '--only', 'secret-unchanged', '--seed', '1'],
    { cwd: app, env: { PATH: process.env.PATH, NO_COLOR: '1' } },
  );
  expect(campaign.stdout).toMatch(/secret-unchanged\s+2\s+held/);
  const results = JSON.parse(readFileSync(join(app, 'reports/results.json'), 'utf8')) as {
    ending: string;
    invariants: { id: string; verdict: string }[];
  };
  expect(results.ending).toBe('completed');
  expect(results.invariants.map((i) => [i.id, i.verdict])).toEqual([['secret-unchanged', 'held']]);
  expect(existsSync(join(app, 'reports/junit.xml'))).toBe(true);
}
