import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type ResourceKind = 'access_token' | 'role';

export interface LedgerEntry {
  kind: ResourceKind;
  /** Empty while pending: the server has not said yet. */
  id: string;
  name: string;
  /**
   * owned: the run created it and must remove it; absent: known not to exist (deleted, or verified
   * unknown); pending: a creation was sent and its answer has not come (yet): if the run stops
   * here, cleanup finds it by its name, unique to the run.
   */
  state: 'owned' | 'absent' | 'pending';
  at: string;
}

/**
 * Whose ids a ledger's are: the origin of the CMA URL, and the project (site id) that CMA said it
 * serves. Both, because every DatoCMS project answers on one origin, and a server that is not
 * DatoCMS may number its sites alike.
 */
export interface ProjectBinding {
  origin: string;
  project: string;
}

export interface LedgerFile {
  version: 2;
  runId: string;
  origin: string;
  /** Null until the target has said which project it serves: such a ledger is trusted by no cleanup. */
  project: string | null;
  startedAt: string;
  entries: LedgerEntry[];
}

export class OwnershipError extends Error {
  override readonly name = 'OwnershipError';
}

/**
 * What a run created on a target. Writes (PUT, DELETE, rotate) are allowed only on what it owns, or
 * on ids known not to exist. When given a path, it is kept on disk after every change, so that
 * `token-contract cleanup` can remove what an interrupted run left behind.
 */
export class Ledger {
  private readonly entries = new Map<string, LedgerEntry>();
  private project: string | null = null;

  constructor(
    readonly runId: string,
    /** The CMA's origin, until `bind` says it with the project. */
    private origin: string,
    private readonly path?: string,
    private readonly startedAt = new Date().toISOString(),
  ) {}

  /**
   * The ledger at `path`, if it may drive deletions on `here`; otherwise why not. Ids mean other
   * resources on another origin or project, and an older file (version 1) does not say whose they are.
   */
  static readFor(path: string, here: ProjectBinding): { ledger: LedgerFile } | { refusal: string } {
    let file: Partial<LedgerFile> | null;
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as Partial<LedgerFile> | null;
    } catch (error) {
      return { refusal: `not a ledger (${error instanceof Error ? error.message : String(error)})` };
    }
    const there = `${here.origin} project ${here.project}`;
    if (file?.version !== 2 || typeof file.origin !== 'string' || typeof file.project !== 'string')
      return {
        refusal: `a version ${String(file?.version)} ledger, which names no ${typeof file?.origin === 'string' ? 'project' : 'origin and project'}: none of its ids is proven to be of ${there}`,
      };
    if (file.origin !== here.origin || file.project !== here.project)
      return { refusal: `a ledger of ${file.origin} project ${file.project}, not of ${there} (this target)` };
    return { ledger: file as LedgerFile };
  }

  /** The project the target said it serves: every later write of the file records it. */
  bind(binding: ProjectBinding): void {
    this.origin = binding.origin;
    this.project = binding.project;
  }

  /** The prefix of every name the run gives: cleanup recognises leftovers by it. */
  get prefix(): string {
    return Ledger.prefixOf(this.runId);
  }

  static prefixOf(runId: string): string {
    return `tc-${runId}-`;
  }

  own(kind: ResourceKind, id: string, name: string): void {
    this.entries.delete(`${kind}:pending:${name}`);
    this.set({ kind, id, name, state: 'owned', at: new Date().toISOString() });
  }

  /** A creation is about to be sent: written down first, so that a run killed before the answer leaves no orphan. */
  intend(kind: ResourceKind, name: string): void {
    this.entries.set(`${kind}:pending:${name}`, { kind, id: '', name, state: 'pending', at: new Date().toISOString() });
    this.persist();
  }

  /** A lookup by name found no such creation: nothing to remember. */
  forget(kind: ResourceKind, name: string): void {
    if (this.entries.delete(`${kind}:pending:${name}`)) this.persist();
  }

  /** The resource is gone (deleted by the run, or verified unknown); writes to it stay allowed. */
  markAbsent(kind: ResourceKind, id: string): void {
    const name = this.entries.get(`${kind}:${id}`)?.name ?? '';
    this.set({ kind, id, name, state: 'absent', at: new Date().toISOString() });
  }

  owns(kind: ResourceKind, id: string): boolean {
    return this.entries.get(`${kind}:${id}`)?.state === 'owned';
  }

  mayWrite(kind: ResourceKind, id: string): boolean {
    return this.entries.has(`${kind}:${id}`);
  }

  owned(): LedgerEntry[] {
    return [...this.entries.values()].filter((e) => e.state === 'owned');
  }

  /** Creations sent whose answer has not named an id: lost, unreadable, refused, or still on their way. */
  pending(): LedgerEntry[] {
    return [...this.entries.values()].filter((e) => e.state === 'pending');
  }

  /** Removes the file once everything owned is gone, and no creation is left unanswered. */
  close(): void {
    const left = [...this.entries.values()].some((e) => e.state !== 'absent');
    if (this.path && !left) rmSync(this.path, { force: true });
  }

  private set(entry: LedgerEntry): void {
    this.entries.set(`${entry.kind}:${entry.id}`, entry);
    this.persist();
  }

  private persist(): void {
    if (!this.path) return;
    const file: LedgerFile = {
      version: 2,
      runId: this.runId,
      origin: this.origin,
      project: this.project,
      startedAt: this.startedAt,
      entries: [...this.entries.values()],
    };
    mkdirSync(dirname(this.path), { recursive: true });
    // Write then rename: an interrupted write never leaves a truncated ledger.
    writeFileSync(`${this.path}.tmp`, JSON.stringify(file, null, 2));
    renameSync(`${this.path}.tmp`, this.path);
  }
}

const WRITE_PATTERNS: { kind: ResourceKind; method: string; regex: RegExp }[] = [
  { kind: 'access_token', method: 'PUT', regex: /^\/access_tokens\/([^/?]+)$/ },
  { kind: 'access_token', method: 'DELETE', regex: /^\/access_tokens\/([^/?]+)/ },
  { kind: 'access_token', method: 'POST', regex: /^\/access_tokens\/([^/?]+)\/regenerate_token$/ },
  { kind: 'role', method: 'PUT', regex: /^\/roles\/([^/?]+)$/ },
  { kind: 'role', method: 'DELETE', regex: /^\/roles\/([^/?]+)/ },
];

const READ_PATTERNS: { kind: ResourceKind; regex: RegExp }[] = [
  { kind: 'access_token', regex: /^\/access_tokens\/([^/?]+)$/ },
  { kind: 'role', regex: /^\/roles\/([^/?]+)$/ },
];

/** The resource a GET or DELETE addresses, if it addresses one. */
export function readResource(method: string, path: string): { kind: ResourceKind; id: string } | undefined {
  if (method !== 'GET' && method !== 'DELETE') return undefined;
  for (const pattern of READ_PATTERNS) {
    const match = pattern.regex.exec(path);
    if (match) return { kind: pattern.kind, id: decodeURIComponent(match[1] as string) };
  }
  return undefined;
}

/** The resource a request would write to, if it is a write to one resource. */
export function writtenResource(method: string, path: string): { kind: ResourceKind; id: string } | undefined {
  for (const pattern of WRITE_PATTERNS) {
    const match = method === pattern.method ? pattern.regex.exec(path) : null;
    if (match) return { kind: pattern.kind, id: decodeURIComponent(match[1] as string) };
  }
  return undefined;
}
