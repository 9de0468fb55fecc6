import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadContract } from '../../src/spec/index.ts';
import {
  ALL_SURFACES,
  cmaCalls,
  Ledger,
  remoteTarget,
  TransportError,
  type Exchange,
  type LedgerEntry,
  type LedgerFile,
  type ProjectBinding,
} from '../../src/target/index.ts';
import { runMain } from '../support/cli.ts';
import { projectOnItsOwn, tempDir } from '../support/project.ts';

type Project = Awaited<ReturnType<typeof projectOnItsOwn>>;

// The run id of a run started now: too young for --older-than, so only the ledgers are at stake.
const RUN = `${Date.now().toString(36)}a0`;
const idOf = (exchange: Exchange) => (exchange.response.body as { data: { id: string } }).data.id;
const configOf = (project: Project) => ({
  cmaUrl: project.mock.cmaUrl,
  cdaUrl: project.mock.cdaUrl,
  token: project.mock.adminSecret,
  environment: undefined,
});

/** A request to the project from outside the suite, as its owner would send it. */
async function call(project: Project, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${project.mock.cmaUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${project.mock.adminSecret}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return response.json();
}

const bindingOf = async (project: Project): Promise<ProjectBinding> => ({
  origin: project.mock.cmaUrl,
  project: ((await call(project, 'GET', '/site')) as { data: { id: string } }).data.id,
});

/** What a staging run creates first: a role, and a token with it, named as the run names them. */
async function runAgainst(project: Project, ledgerPath?: string): Promise<Pick<LedgerEntry, 'kind' | 'id' | 'name'>[]> {
  const target = await remoteTarget(configOf(project), { runId: RUN, ...(ledgerPath ? { ledgerPath } : {}) });
  try {
    const role = idOf(await target.cma(cmaCalls.createRole(`tc-${RUN}-role`, {})));
    const token = idOf(await target.cma(cmaCalls.createToken({ name: `tc-${RUN}-token`, ...ALL_SURFACES }, role)));
    return [
      { kind: 'access_token', id: token, name: `tc-${RUN}-token` },
      { kind: 'role', id: role, name: `tc-${RUN}-role` },
    ];
  } finally {
    // What it owns is left in the ledger, as by a run stopped at once.
    await target.close();
  }
}

/** A ledger bound to `binding` that owns `entries`, written as a run writes it. */
function ledgerOf(dir: string, binding: ProjectBinding, entries: Pick<LedgerEntry, 'kind' | 'id' | 'name'>[]): string {
  const path = join(dir, `ledger-${RUN}.json`);
  const ledger = new Ledger(RUN, binding.origin, path);
  ledger.bind(binding);
  for (const entry of entries) ledger.own(entry.kind, entry.id, entry.name);
  return path;
}

const counts = async (project: Project) => ({
  tokens: (await project.tokenNames()).length,
  roles: (await project.roleNames()).length,
});

// Loaded once per worker, before the clock of the first test starts: each test's time is its own.
beforeAll(async () => {
  await Promise.all([import('../../src/cli/index.ts'), loadContract()]);
});

// Two projects, each a mock on its own listeners; seeded, so that their ids and site ids are the same in every run.
let a: Project;
let b: Project;
beforeEach(async () => {
  [a, b] = await Promise.all([projectOnItsOwn({ seed: 1 }), projectOnItsOwn({ seed: 2 })]);
});
afterEach(async () => {
  await Promise.all([a.mock.close(), b.mock.close()]);
});

describe('token-contract cleanup deletes only what is proven ours', () => {
  it('binds a run’s ledger to the origin and the project it ran against', async () => {
    const dir = tempDir();
    await runAgainst(a, join(dir, `ledger-${RUN}.json`));
    const [first] = readFileSync(join(dir, `ledger-${RUN}.json`), 'utf8').split('\n');
    const header = JSON.parse(first!) as Omit<LedgerFile, 'entries'>;
    const here = await bindingOf(a);
    expect(header).toMatchObject({ version: 3, runId: RUN, origin: here.origin, project: here.project });
    expect(here.project).not.toBe((await bindingOf(b)).project);
  });

  it('refuses a ledger left by a run against project A when pointed at project B: deletes nothing, exit 2', async () => {
    const dir = tempDir();
    const path = join(dir, `ledger-${RUN}.json`);
    await runAgainst(a, path);
    const [before, beforeA, text] = [await counts(b), await counts(a), readFileSync(path, 'utf8')];
    const run = await runMain(['cleanup', '--ledger-dir', dir], b.env);
    expect(run.code).toBe(2);
    const [there, here] = [await bindingOf(a), await bindingOf(b)];
    expect(run.stderr).toBe(
      `token-contract: refused ${path}: a ledger of ${there.origin} project ${there.project}, not of ${here.origin} project ${here.project} (this target); nothing in it deleted, the file left as it is\n`,
    );
    expect(run.stdout).toBe('removed 0 (from 0 ledger(s) and 0 tc-* leftover(s)); refused 1 ledger(s)\n');
    expect(await counts(b)).toEqual(before);
    expect(await counts(a)).toEqual(beforeA);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  // The ids B has, named as the run names them: only the ledger's binding stands between them and a deletion.
  it.each([
    ['another origin', async () => (await bindingOf(a)).origin],
    ['the same origin (as every DatoCMS project has), another project', async () => (await bindingOf(b)).origin],
  ])('refuses a ledger of %s even when its ids and names are B’s own', async (_, originOf) => {
    const dir = tempDir();
    const path = ledgerOf(
      dir,
      { origin: await originOf(), project: (await bindingOf(a)).project },
      await runAgainst(b),
    );
    const before = await counts(b);
    const run = await runMain(['cleanup', '--ledger-dir', dir], b.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^token-contract: refused .+: a ledger of .+, not of .+ \(this target\); nothing in it deleted/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(await counts(b)).toEqual(before);
    expect(existsSync(path)).toBe(true);
  });

  // Before the journal, a ledger was one JSON document: version 1 named no origin and project, version 2 did
  // (pretty-printed, as it wrote them; a document on one line must not pass for a journal's torn line).
  it.each([
    ['1', async () => ({ target: b.mock.cmaUrl }), undefined],
    ['2', async () => bindingOf(b), 2],
  ])('refuses a version-%s ledger, which it no longer reads, and says so', async (version, whose, indent) => {
    const dir = tempDir();
    const entries = (await runAgainst(b)).map((e) => ({ ...e, state: 'owned', at: new Date(0).toISOString() }));
    const path = join(dir, `ledger-${RUN}.json`);
    const document = {
      version: Number(version),
      runId: RUN,
      ...(await whose()),
      startedAt: new Date(0).toISOString(),
      entries,
    };
    writeFileSync(path, JSON.stringify(document, null, indent));
    const before = await counts(b);
    const run = await runMain(['cleanup', '--ledger-dir', dir], b.env);
    expect(run.code).toBe(2);
    const here = await bindingOf(b);
    expect(run.stderr).toBe(
      `token-contract: refused ${path}: a version ${version} ledger (one JSON document), which this token-contract no longer reads: none of its ids is proven to be of ${here.origin} project ${here.project}; nothing in it deleted, the file left as it is\n`,
    );
    expect(await counts(b)).toEqual(before);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(document);
  });

  it('against project A, deletes what the ledger owns, removes the ledger, and exits 0', async () => {
    const before = await counts(a);
    const dir = tempDir();
    const [token, role] = await runAgainst(a, join(dir, `ledger-${RUN}.json`));
    const run = await runMain(['cleanup', '--ledger-dir', dir], a.env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      `deleted access_token ${token!.id} (${token!.name})\ndeleted role ${role!.id} (${role!.name})\n` +
        'removed 2 (from 1 ledger(s) and 0 tc-* leftover(s))\n',
    );
    expect(await counts(a)).toEqual(before);
    expect(existsSync(join(dir, `ledger-${RUN}.json`))).toBe(false);
  });

  it('with the last line of a ledger torn (the run killed mid-append), deletes what the lines before it name', async () => {
    const before = await counts(a);
    const dir = tempDir();
    const path = join(dir, `ledger-${RUN}.json`);
    const [token, role] = await runAgainst(a, path);
    // The token's id was being written: its creation stays pending, found by its name.
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, -15));
    expect(Ledger.readFor(path, await bindingOf(a))).toMatchObject({
      ledger: {
        entries: [
          { kind: 'role', state: 'owned' },
          { kind: 'access_token', state: 'pending' },
        ],
      },
    });
    const run = await runMain(['cleanup', '--ledger-dir', dir], a.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `deleted access_token ${token!.id} (${token!.name})\ndeleted role ${role!.id} (${role!.name})\n` +
        'removed 2 (from 1 ledger(s) and 0 tc-* leftover(s))\n',
    );
    expect(await counts(a)).toEqual(before);
    expect(existsSync(path)).toBe(false);
  });

  it('still processes a matching ledger next to a refused one', async () => {
    const [ours, theirs] = [tempDir(), tempDir()];
    await runAgainst(a, join(ours, `ledger-${RUN}.json`));
    const refused = ledgerOf(theirs, await bindingOf(b), await runAgainst(b));
    const other = join(ours, 'ledger-other.json');
    writeFileSync(other, readFileSync(refused));
    const before = await counts(a);
    const run = await runMain(['cleanup', '--ledger-dir', ours], a.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^token-contract: refused .+ledger-other\.json: a ledger of /);
    expect(run.stdout).toMatch(/^removed 2 \(from 1 ledger\(s\) and 0 tc-\* leftover\(s\)\); refused 1 ledger\(s\)$/m);
    expect(await counts(a)).toEqual({ tokens: before.tokens - 1, roles: before.roles - 1 });
    expect(existsSync(join(ours, `ledger-${RUN}.json`))).toBe(false);
    expect(readFileSync(other, 'utf8')).toBe(readFileSync(refused, 'utf8'));
  });

  it('does not delete a resource renamed away from the run’s prefix, and says why', async () => {
    const dir = tempDir();
    const [token, role] = await runAgainst(a, join(dir, `ledger-${RUN}.json`));
    // Its owner adopted the token: a name and a role of theirs.
    const roles = (await call(a, 'GET', '/roles')) as { data: { id: string; attributes: { name: string } }[] };
    const editor = roles.data.find((r) => r.attributes.name === 'Editor')!.id;
    await call(a, 'PUT', `/access_tokens/${token!.id}`, {
      data: {
        type: 'access_token',
        id: token!.id,
        attributes: { name: 'Production website', ...ALL_SURFACES },
        relationships: { role: { data: { type: 'role', id: editor } } },
      },
    });
    const run = await runMain(['cleanup', '--ledger-dir', dir], a.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `not deleting access_token ${token!.id} (${token!.name}): it is now named "Production website", not tc-${RUN}-… (renamed, or another resource under this id)\n`,
    );
    expect(run.stdout).toContain(`deleted role ${role!.id} (${role!.name})\n`);
    expect(run.stdout).toMatch(/^removed 1 \(from 1 ledger\(s\) and 0 tc-\* leftover\(s\)\); kept 1 not proven ours$/m);
    expect(await a.tokenNames()).toContain('Production website');
  });

  it('with the ledger lost, lists a token renamed away from tc-* as a possible leftover, and deletes neither it nor its role', async () => {
    // A run of three hours ago, killed after renaming its token; its ledger is gone.
    const old = `${(Date.now() - 3 * 3_600_000).toString(36)}b1`;
    const role = (await call(a, 'POST', '/roles', {
      data: { type: 'role', attributes: { name: `tc-${old}-role`, can_manage_access_tokens: false } },
    })) as { data: { id: string } };
    const token = (await call(a, 'POST', '/access_tokens', {
      data: {
        type: 'access_token',
        attributes: { name: ' ! ', ...ALL_SURFACES },
        relationships: { role: { data: { type: 'role', id: role.data.id } } },
      },
    })) as { data: { id: string } };
    const before = await counts(a);
    const run = await runMain(['cleanup', '--ledger-dir', tempDir()], a.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `possible leftover, not deleted: access_token ${token.data.id} (" ! ") uses role tc-${old}-role of a token-contract run, but nothing proves it ours without that run's ledger`,
    );
    expect(run.stdout).toContain(`not deleting role ${role.data.id} (tc-${old}-role): access_token ${token.data.id}`);
    expect(run.stdout).toMatch(
      /; kept 1 not proven ours; 1 possible renamed leftover\(s\) listed above, not deleted$/m,
    );
    expect(run.stderr).toBe('');
    expect(await counts(a)).toEqual(before);
  });

  it('fails in one line, exit 3, when the target does not say which project it serves', async () => {
    const run = await runMain(['cleanup', '--ledger-dir', tempDir()], { ...a.env, DATOCMS_API_TOKEN: 'not-a-token' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^token-contract: the target is unreachable or misbehaving: GET http:\/\/127\.0\.0\.1:\d+\/site answered 401 \S+, not a site with an id: cannot tell which project it serves\n$/,
    );
    const path = join(tempDir(), 'ledger.json');
    await expect(
      remoteTarget({ ...configOf(a), token: 'not-a-token' }, { runId: RUN, ledgerPath: path }),
    ).rejects.toThrow(TransportError);
    expect(existsSync(path)).toBe(false);
  });
});
