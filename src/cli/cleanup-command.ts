import { Command, Option } from 'commander';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { viewsOf, type TokenView } from '../scenarios/index.ts';
import { isPlainObject } from '../spec/index.ts';
import {
  cmaCalls,
  Ledger,
  projectOf,
  remoteConfigFromEnv,
  remoteTarget,
  runOf,
  TransportError,
  type CmaCall,
  type Exchange,
  listedResources,
  type LedgerEntry,
  type ListedResource,
  type LedgerFile,
  type ProjectBinding,
  type Target,
} from '../target/index.ts';
import { parseDuration } from './duration.ts';
import { EXIT } from './errors.ts';

interface CleanupFlags {
  ledgerDir: string;
  olderThan: number;
  dryRun: boolean;
}

/** Something cleanup may delete, if its current name still starts with the prefix of the run that made it. */
type Candidate = Pick<LedgerEntry, 'kind' | 'id' | 'name'> & { prefix: string };

interface Outcome {
  /** Deleted, or that would be with --dry-run. */
  removed: number;
  /** Renamed away from its run's prefix, or another resource under the id: not proven ours. */
  kept: number;
  failed: string[];
}

const nameIn = (body: unknown): string | undefined => {
  const attributes = isPlainObject(body) && isPlainObject(body.data) ? body.data.attributes : undefined;
  return isPlainObject(attributes) && typeof attributes.name === 'string' ? attributes.name : undefined;
};

/**
 * Deletes what is still proven ours (tokens before roles: a role in use cannot be deleted). Each
 * resource is read again first, since its id came from a file or a listing that may be old.
 */
async function remove(candidates: readonly Candidate[], dryRun: boolean): Promise<Outcome> {
  // A target that owns exactly these: the only writes it allows.
  const target = await remoteTarget(remoteConfigFromEnv(process.env), { runId: 'cleanup', owned: candidates });
  const outcome: Outcome = { removed: 0, kept: 0, failed: [] };
  try {
    const ordered = [
      ...candidates.filter((c) => c.kind === 'access_token'),
      ...candidates.filter((c) => c.kind === 'role'),
    ];
    for (const candidate of ordered) {
      const label = `${candidate.kind} ${candidate.id} (${candidate.name})`;
      // The very request of the deletion (its path, its purpose), as a read.
      const read = (await target.cma({ ...cmaCalls.remove(candidate.kind, candidate.id), method: 'GET' })).response;
      if (read.status === 404) {
        process.stdout.write(`already gone: ${label}\n`);
        continue;
      }
      if (read.status !== 200) {
        outcome.failed.push(`${label}: reading it answered ${read.status}`);
        continue;
      }
      const name = nameIn(read.body);
      if (!name?.startsWith(candidate.prefix)) {
        outcome.kept += 1;
        process.stdout.write(
          `not deleting ${label}: it is now named ${JSON.stringify(name ?? null)}, not ${candidate.prefix}… (renamed, or another resource under this id)\n`,
        );
        continue;
      }
      if (dryRun) {
        outcome.removed += 1;
        process.stdout.write(`would delete ${label}\n`);
        continue;
      }
      const { status } = (await target.cma(cmaCalls.remove(candidate.kind, candidate.id))).response;
      if (status === 200) {
        outcome.removed += 1;
        process.stdout.write(`deleted ${label}\n`);
      } else if (status === 404) {
        process.stdout.write(`already gone: ${label}\n`);
      } else {
        outcome.failed.push(`${label}: ${status}`);
      }
    }
  } finally {
    await target.close();
  }
  return outcome;
}

/** The ledgers in `dir` that may drive deletions here; the others are said on stderr and left as they are. */
function trustedLedgers(
  dir: string,
  here: ProjectBinding,
): { ledgers: { path: string; file: LedgerFile }[]; refused: number } {
  const paths = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^ledger-.+\.json$/.test(f))
        .map((f) => join(dir, f))
    : [];
  const ledgers: { path: string; file: LedgerFile }[] = [];
  for (const path of paths) {
    const read = Ledger.readFor(path, here);
    if ('ledger' in read) ledgers.push({ path, file: read.ledger });
    else
      process.stderr.write(
        `token-contract: refused ${path}: ${read.refusal}; nothing in it deleted, the file left as it is\n`,
      );
  }
  return { ledgers, refused: paths.length - ledgers.length };
}

/**
 * What a listing names, or a TransportError (exit 3, the ledgers kept): an unreadable one would
 * make every pending creation look absent.
 */
async function listing(target: Target, call: CmaCall): Promise<{ exchange: Exchange; listed: ListedResource[] }> {
  const exchange = await target.cma(call);
  const listed = listedResources(exchange);
  if (listed) return { exchange, listed };
  throw new TransportError(
    `${call.method} ${call.path} answered ${exchange.response.status} without a listing: cannot tell what is left`,
    'ELISTING',
  );
}

/**
 * A run renames its tokens, so one it left behind may no longer be named tc-*. Without its ledger
 * nothing proves such a token ours (a token records no creator): it is listed, never deleted. The
 * only hint is that it still uses a role of a run that cleanup is about to delete — that role is
 * then kept too, since deleting a role in use fails.
 */
function renamedLeftovers(
  tokens: readonly TokenView[],
  candidates: readonly Candidate[],
): { keep: Map<Candidate, string>; suspects: string[] } {
  const keep = new Map<Candidate, string>();
  const suspects: string[] = [];
  for (const token of tokens) {
    if (candidates.some((c) => c.kind === 'access_token' && c.id === token.id)) continue;
    const role = candidates.find((c) => c.kind === 'role' && c.id === token.roleId);
    if (!role) continue;
    const label = `access_token ${token.id} (${JSON.stringify(token.name)})`;
    keep.set(role, label);
    suspects.push(
      `possible leftover, not deleted: ${label} uses role ${role.name} of a token-contract run, but nothing proves it ours without that run's ledger (it was renamed away from tc-*, or someone gave it that role): delete it yourself if it is, then run cleanup again`,
    );
  }
  return { keep, suspects };
}

export function cleanupCommand(done: (code: number) => void): Command {
  return new Command('cleanup')
    .description('remove what interrupted staging runs left: their ledgers, and tc-* leftovers older than --older-than')
    .option('--ledger-dir <dir>', 'where staging runs keep their ledgers', '.token-contract')
    .addOption(
      new Option('--older-than <duration>', 'also delete tokens and roles named tc-<runid>-… by runs older than this')
        .argParser(parseDuration)
        .default(parseDuration('2h'), '2h'),
    )
    .option('--dry-run', 'only list what would be deleted', false)
    .addHelpText(
      'after',
      `
Only what is proven to be a run's is deleted: a ledger is used only against the CMA origin and the
project (site id) it records, and each resource only while its current name still starts with
tc-<runid>- of its run. A ledger of another origin or project is refused in one line on stderr and
left on disk (run cleanup against its project); so is a ledger of version 1 or 2 (one JSON
document, no longer read): the tc-* resources it names go by name once older than --older-than,
then remove the file.
A token renamed away from tc-* is never deleted without its run's ledger: one that still uses a
tc-* role is listed as a possible leftover, and the role is kept.

Exit codes: 0 done; 2 usage or configuration, or a ledger was refused (the others were processed);
3 the target is unreachable or misbehaving, or something could not be deleted (the ledgers are
kept); 70 a defect of token-contract itself.`,
    )
    .action(async (flags: CleanupFlags) => {
      const target = await remoteTarget(remoteConfigFromEnv(process.env), { runId: 'cleanup' });
      try {
        const { ledgers, refused } = trustedLedgers(flags.ledgerDir, await projectOf(target));
        const cutoff = Date.now() - flags.olderThan;
        const tokens = viewsOf((await listing(target, cmaCalls.listTokens())).exchange).filter(
          (t) => t.hardcoded_type === null,
        );
        const roles = (await listing(target, cmaCalls.listRoles())).listed;
        const resources = [
          ...tokens.map((t) => ({ kind: 'access_token' as const, id: t.id, name: t.name })),
          ...roles.map((r) => ({ kind: 'role' as const, ...r })),
        ];
        const entries: Candidate[] = ledgers.flatMap(({ file }) => {
          const prefix = Ledger.prefixOf(file.runId);
          // A creation whose answer never came (the run stopped at once): found by its name, unique to the run.
          const pending = file.entries.filter((e) => e.state === 'pending' && e.name.startsWith(prefix));
          return [
            ...file.entries.filter((e) => e.state === 'owned'),
            ...resources.filter((r) => pending.some((e) => e.kind === r.kind && e.name === r.name)),
          ].map(({ kind, id, name }) => ({ kind, id, name, prefix }));
        });
        const leftovers: Candidate[] = resources.flatMap((r) => {
          const run = runOf(r.name);
          return run && run.startedAt < cutoff && !entries.some((e) => e.kind === r.kind && e.id === r.id)
            ? [{ ...r, prefix: Ledger.prefixOf(run.id) }]
            : [];
        });
        const { keep, suspects } = renamedLeftovers(tokens, [...entries, ...leftovers]);
        for (const line of suspects) process.stdout.write(`${line}\n`);
        for (const [role, user] of keep)
          process.stdout.write(`not deleting role ${role.id} (${role.name}): ${user} still uses it\n`);
        const deletable = [...entries, ...leftovers].filter((c) => !keep.has(c));
        const outcome = await remove(deletable, flags.dryRun);
        const { removed, failed } = outcome;
        const kept = outcome.kept + keep.size;
        if (!flags.dryRun && failed.length === 0) for (const { path } of ledgers) rmSync(path);
        process.stdout.write(
          `${flags.dryRun ? 'would remove' : 'removed'} ${removed} (from ${ledgers.length} ledger(s) and ${leftovers.length} tc-* leftover(s))` +
            `${kept > 0 ? `; kept ${kept} not proven ours` : ''}${refused > 0 ? `; refused ${refused} ledger(s)` : ''}` +
            `${suspects.length > 0 ? `; ${suspects.length} possible renamed leftover(s) listed above, not deleted` : ''}\n`,
        );
        for (const line of failed) process.stderr.write(`token-contract: could not delete ${line}\n`);
        done(failed.length > 0 ? EXIT.target : refused > 0 ? EXIT.usage : EXIT.ok);
      } finally {
        await target.close();
      }
    });
}
