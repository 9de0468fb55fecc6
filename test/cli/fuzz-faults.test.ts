import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.ts';
import { INVARIANTS } from '../../src/invariants/index.ts';
import { FAULTS } from '../../src/mock/index.ts';

// `npm run fuzz -- --fault <each fault>` exits 1 and names the invariant the fault breaks.
// In-process (main() is what bin/token-contract.js runs), one fault at a time.
let stdout = '';
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

const reportDir = mkdtempSync(join(tmpdir(), 'faults-'));

describe('token-contract fuzz --fault NAME', () => {
  it.each(FAULTS.map((f) => f.name))('%s: exit 1, naming the invariant it breaks', async (fault) => {
    const intended = INVARIANTS.filter((i) => i.killedBy.includes(fault)).map((i) => i.id);
    const code = await main([
      'fuzz',
      '--fault',
      fault,
      '--only',
      intended.join(','),
      '--runs',
      '200',
      '--seed',
      '11',
      '--json',
      '--report-dir',
      join(reportDir, fault),
    ]);
    expect(code).toBe(1);
    const violated = (JSON.parse(stdout) as { invariants: { id: string; verdict: string }[] }).invariants
      .filter((i) => i.verdict === 'violated')
      .map((i) => i.id);
    expect(violated.some((id) => intended.includes(id as (typeof intended)[number]))).toBe(true);
  });
});
