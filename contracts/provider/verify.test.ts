import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedTarget } from '../../src/embedded/index.ts';
import type { Target } from '../../src/target/index.ts';
import { verifyPacts, type VerifyOptions } from '../../src/verify/index.ts';
import { PACT_FILE, PROVIDER } from '../pact.ts';

const OUR_PACT: VerifyOptions = {
  providerName: PROVIDER,
  consumers: [],
  source: { kind: 'files', files: [PACT_FILE] },
};

/** The embedded mock, with faults when a test breaks the contract on purpose. */
const provider = (faults: string[] = []): Promise<Target> => embeddedTarget({ faults });

describe('provider verification of the pacts', () => {
  it('the provider honours every interaction, and the states leave nothing behind', async () => {
    const target = await provider();
    try {
      await expect(verifyPacts(target, OUR_PACT)).resolves.toBeDefined();
      expect(target.ownership.owned()).toEqual([]);
    } finally {
      await target.close();
    }
  });

  // The status of NON_EDITABLE_ACCESS_TOKEN is undocumented: a correct server answering any reading passes.
  it.each([403, 422])('a provider that refuses a factory token with %i honours the pact too', async (status) => {
    const target = await embeddedTarget({ assumptions: { nonEditableStatus: status } });
    try {
      await expect(verifyPacts(target, OUR_PACT)).resolves.toBeDefined();
    } finally {
      await target.close();
    }
  });

  it.each([
    [
      'role-dropped-when-omitted',
      ['an update of an API token that clears can_access_cma', 'an update of an API token without relationships'],
    ],
    ['hardcoded-editable', ['an update of a factory token, with its own current values']],
    ['unknown-attributes-accepted', ['an update of an API token with an unknown attribute']],
    ['cma-flag-ignored-on-reads', ['a CMA call with a token whose can_access_cma was cleared']],
  ])(
    'a mock with fault %s fails verification, for %j only, and the report holds no secret',
    async (fault, interactions) => {
      const target = await provider([fault]);
      try {
        const error = await verifyPacts(target, OUR_PACT).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(error).toBeDefined();
        expect([...new Set(failedInteractions(error!.message))].sort()).toEqual(interactions);
        const report = join(mkdtempSync(join(tmpdir(), 'verify-')), 'report.txt');
        writeFileSync(report, error!.message);
        expect(target.findLeaks([report])).toEqual([]);
      } finally {
        await target.close();
      }
    },
  );
});

/** The descriptions of the failed interactions, from the Verifier's error (a JSON report). */
function failedInteractions(message: string): string[] {
  const report = JSON.parse(message) as { errors?: { interaction?: string }[] };
  return (report.errors ?? []).flatMap((e) =>
    e.interaction ? [e.interaction.slice(e.interaction.lastIndexOf(' - ') + 3)] : [],
  );
}
