import { Command } from 'commander';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { viewsOf } from '../scenarios/index.ts';
import {
  cmaCalls,
  Ledger,
  remoteConfigFromEnv,
  remoteTarget,
  runStartedAt,
  type LedgerEntry,
} from '../target/index.ts';
import { parseDuration } from './duration.ts';
import { EXIT } from './errors.ts';

interface CleanupFlags {
  ledgerDir: string;
  olderThan: number;
  dryRun: boolean;
}

/** Deletes what the given entries name (tokens before roles: a role in use cannot be deleted). */
async function remove(
  entries: readonly LedgerEntry[],
  dryRun: boolean,
): Promise<{ removed: number; failed: string[] }> {
  // A target that owns exactly these: the only writes it allows.
  const target = await remoteTarget(remoteConfigFromEnv(process.env), { runId: 'cleanup', owned: entries });
  let removed = 0;
  const failed: string[] = [];
  try {
    const ordered = [...entries.filter((e) => e.kind === 'access_token'), ...entries.filter((e) => e.kind === 'role')];
    for (const entry of ordered) {
      const label = `${entry.kind} ${entry.id} (${entry.name})`;
      if (dryRun) {
        process.stdout.write(`would delete ${label}\n`);
        continue;
      }
      const exchange = await target.cma(cmaCalls.remove(entry.kind, entry.id));
      const { status } = exchange.response;
      if (status === 200 || status === 404) {
        removed += status === 200 ? 1 : 0;
        process.stdout.write(`${status === 200 ? 'deleted' : 'already gone:'} ${label}\n`);
      } else {
        failed.push(`${label}: ${status}`);
      }
    }
  } finally {
    await target.close();
  }
  return { removed, failed };
}

export function cleanupCommand(done: (code: number) => void): Command {
  return new Command('cleanup')
    .description('remove what interrupted staging runs left: their ledgers, and tc-* leftovers older than --older-than')
    .option('--ledger-dir <dir>', 'where staging runs keep their ledgers', '.token-contract')
    .option(
      '--older-than <duration>',
      'also delete tokens and roles named tc-<runid>-… by runs older than this',
      parseDuration,
      parseDuration('2h'),
    )
    .option('--dry-run', 'only list what would be deleted', false)
    .action(async (flags: CleanupFlags) => {
      const target = await remoteTarget(remoteConfigFromEnv(process.env), { runId: 'cleanup' });
      try {
        const ledgers = existsSync(flags.ledgerDir)
          ? readdirSync(flags.ledgerDir).filter((f) => /^ledger-.+\.json$/.test(f))
          : [];
        const recorded = ledgers.flatMap((file) => Ledger.read(join(flags.ledgerDir, file)).entries);
        const cutoff = Date.now() - flags.olderThan;
        const tokens = viewsOf(await target.cma(cmaCalls.listTokens()));
        const roles = (await target.cma(cmaCalls.listRoles())).response.body as {
          data?: { id: string; attributes: { name: string } }[];
        };
        const resources = [
          ...tokens
            .filter((t) => t.hardcodedType === null)
            .map((t) => ({ kind: 'access_token' as const, id: t.id, name: t.name })),
          ...(roles.data ?? []).map((r) => ({ kind: 'role' as const, id: r.id, name: r.attributes.name })),
        ];
        // A creation whose answer never came (the run stopped at once): found by its name, unique to the run.
        const answered = (r: (typeof resources)[number]) =>
          recorded.some((e) => e.state === 'pending' && e.kind === r.kind && e.name === r.name && runStartedAt(e.name));
        const entries: LedgerEntry[] = [
          ...recorded.filter((e) => e.state === 'owned'),
          ...resources.filter(answered).map((r) => ({ ...r, state: 'owned' as const, at: new Date().toISOString() })),
        ];
        const leftovers = resources.filter(
          (r) =>
            (runStartedAt(r.name) ?? Infinity) < cutoff && !entries.some((e) => e.kind === r.kind && e.id === r.id),
        );
        const all = [
          ...entries,
          ...leftovers.map((r) => ({ ...r, state: 'owned' as const, at: new Date().toISOString() })),
        ];
        const { removed, failed } = await remove(all, flags.dryRun);
        if (!flags.dryRun && failed.length === 0) for (const file of ledgers) rmSync(join(flags.ledgerDir, file));
        process.stdout.write(
          `${flags.dryRun ? 'would remove' : 'removed'} ${flags.dryRun ? all.length : removed} (from ${ledgers.length} ledger(s) and ${leftovers.length} tc-* leftover(s))\n`,
        );
        for (const line of failed) process.stderr.write(`token-contract: could not delete ${line}\n`);
        done(failed.length > 0 ? EXIT.target : EXIT.ok);
      } finally {
        await target.close();
      }
    });
}
