import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isPlainObject } from '../spec/index.ts';

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

/** A ledger as its journal leaves it: the run's header, with the binding and the entries of its last changes. */
export interface LedgerFile {
  version: 3;
  runId: string;
  origin: string;
  /** Null until the target has said which project it serves: such a ledger is trusted by no cleanup. */
  project: string | null;
  startedAt: string;
  entries: LedgerEntry[];
}

/** The first line of the journal. */
type Header = Omit<LedgerFile, 'entries'>;

/** Every later line: one change, appended as it is made, so that a change costs one short write. */
type Change = { bind: ProjectBinding } | { entry: LedgerEntry } | { forget: Pick<LedgerEntry, 'kind' | 'name'> };

/** What the changes so far leave: the ledger in memory, and the journal read back, fold alike. */
interface Folded {
  origin: string;
  project: string | null;
  entries: Map<string, LedgerEntry>;
}

const pendingKey = ({ kind, name }: Pick<LedgerEntry, 'kind' | 'name'>) => `${kind}:pending:${name}`;

function apply(folded: Folded, change: Change): void {
  if ('bind' in change) {
    folded.origin = change.bind.origin;
    folded.project = change.bind.project;
  } else if ('forget' in change) {
    folded.entries.delete(pendingKey(change.forget));
  } else {
    const { entry } = change;
    // Its id has come: the creation is no longer pending under its name.
    if (entry.state === 'owned') folded.entries.delete(pendingKey(entry));
    folded.entries.set(entry.state === 'pending' ? pendingKey(entry) : `${entry.kind}:${entry.id}`, entry);
  }
}

const oneOf = (value: unknown, allowed: readonly string[]) => typeof value === 'string' && allowed.includes(value);

const isHeader = (value: unknown): value is Header =>
  isPlainObject(value) &&
  value.version === 3 &&
  typeof value.runId === 'string' &&
  typeof value.origin === 'string' &&
  (value.project === null || typeof value.project === 'string') &&
  typeof value.startedAt === 'string';

const namesOne = (value: Record<string, unknown>) =>
  oneOf(value.kind, ['access_token', 'role']) && typeof value.name === 'string';

const isEntry = (value: unknown): value is LedgerEntry =>
  isPlainObject(value) &&
  namesOne(value) &&
  typeof value.id === 'string' &&
  oneOf(value.state, ['owned', 'absent', 'pending']) &&
  typeof value.at === 'string';

const isChange = (value: unknown): value is Change =>
  isPlainObject(value) &&
  Object.keys(value).length === 1 &&
  ((isPlainObject(value.bind) && typeof value.bind.origin === 'string' && typeof value.bind.project === 'string') ||
    isEntry(value.entry) ||
    (isPlainObject(value.forget) && namesOne(value.forget)));

/** Undefined when `line` is not JSON (JSON itself has no undefined). */
function parsed(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The ledger a journal's lines leave, or why it is none. A line counts once its newline is written:
 * JSON.stringify writes no other, so a run killed mid-append leaves at most its last line torn,
 * and everything before it stands.
 */
function fold(text: string): LedgerFile | { malformed: string } {
  const lines = text.split('\n');
  lines.pop(); // after the last newline: nothing, or the torn line
  const [first, ...changes] = lines;
  const header = first === undefined ? undefined : parsed(first);
  if (!isHeader(header))
    return { malformed: first === undefined ? 'no complete line' : 'its first line is no version 3 header' };
  const folded: Folded = { origin: header.origin, project: header.project, entries: new Map() };
  for (const [index, line] of changes.entries()) {
    const change = parsed(line);
    if (!isChange(change)) return { malformed: `line ${index + 2} is no change of a ledger` };
    apply(folded, change);
  }
  return { ...header, origin: folded.origin, project: folded.project, entries: [...folded.entries.values()] };
}

/** The version a ledger of one JSON document says (1 and 2, before the journal), if `text` is one. */
function documentVersion(text: string): unknown {
  const document = parsed(text);
  // A journal of its header alone is one JSON document too.
  return isPlainObject(document) && document.version !== 3 ? document.version : undefined;
}

export class OwnershipError extends Error {
  override readonly name = 'OwnershipError';
}

/**
 * What a run created on a target. Writes (PUT, DELETE, rotate) are allowed only on what it owns, or
 * on ids known not to exist. When given a path, every change is appended there as it is made, so
 * that `token-contract cleanup` can remove what an interrupted run left behind.
 */
export class Ledger {
  private readonly folded: Folded;
  /** Whether the file has its header: it is written with the first entry, so a run that creates nothing leaves none. */
  private started = false;

  constructor(
    readonly runId: string,
    /** The CMA's origin, until `bind` says it with the project. */
    origin: string,
    private readonly path?: string,
    private readonly startedAt = new Date().toISOString(),
  ) {
    this.folded = { origin, project: null, entries: new Map() };
  }

  /**
   * The ledger at `path`, if it may drive deletions on `here`; otherwise why not. Ids mean other
   * resources on another origin or project, and an older file (versions 1 and 2, one JSON document)
   * is not read.
   */
  static readFor(path: string, here: ProjectBinding): { ledger: LedgerFile } | { refusal: string } {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      return { refusal: `not a ledger (${error instanceof Error ? error.message : String(error)})` };
    }
    const there = `${here.origin} project ${here.project}`;
    const version = documentVersion(text);
    if (version !== undefined)
      return {
        refusal: `a version ${String(version)} ledger (one JSON document), which this token-contract no longer reads: none of its ids is proven to be of ${there}`,
      };
    const file = fold(text);
    if ('malformed' in file) return { refusal: `not a ledger (${file.malformed})` };
    if (file.project === null)
      return { refusal: `a version 3 ledger, which names no project: none of its ids is proven to be of ${there}` };
    if (file.origin !== here.origin || file.project !== here.project)
      return { refusal: `a ledger of ${file.origin} project ${file.project}, not of ${there} (this target)` };
    return { ledger: file };
  }

  /** The project the target said it serves: the header says it, or a line of its own once the file is started. */
  bind(binding: ProjectBinding): void {
    this.record({ bind: binding });
  }

  /** The prefix of every name the run gives: cleanup recognises leftovers by it. */
  get prefix(): string {
    return Ledger.prefixOf(this.runId);
  }

  static prefixOf(runId: string): string {
    return `tc-${runId}-`;
  }

  own(kind: ResourceKind, id: string, name: string): void {
    this.record({ entry: { kind, id, name, state: 'owned', at: new Date().toISOString() } });
  }

  /** A creation is about to be sent: written down first, so that a run killed before the answer leaves no orphan. */
  intend(kind: ResourceKind, name: string): void {
    this.record({ entry: { kind, id: '', name, state: 'pending', at: new Date().toISOString() } });
  }

  /** A lookup by name found no such creation: nothing to remember. */
  forget(kind: ResourceKind, name: string): void {
    if (this.folded.entries.has(pendingKey({ kind, name }))) this.record({ forget: { kind, name } });
  }

  /** The resource is gone (deleted by the run, or verified unknown); writes to it stay allowed. */
  markAbsent(kind: ResourceKind, id: string): void {
    const name = this.folded.entries.get(`${kind}:${id}`)?.name ?? '';
    this.record({ entry: { kind, id, name, state: 'absent', at: new Date().toISOString() } });
  }

  owns(kind: ResourceKind, id: string): boolean {
    return this.folded.entries.get(`${kind}:${id}`)?.state === 'owned';
  }

  mayWrite(kind: ResourceKind, id: string): boolean {
    return this.folded.entries.has(`${kind}:${id}`);
  }

  owned(): LedgerEntry[] {
    return [...this.folded.entries.values()].filter((e) => e.state === 'owned');
  }

  /** Creations sent whose answer has not named an id: lost, unreadable, refused, or still on their way. */
  pending(): LedgerEntry[] {
    return [...this.folded.entries.values()].filter((e) => e.state === 'pending');
  }

  /** Removes the file once everything owned is gone, and no creation is left unanswered. */
  close(): void {
    const left = [...this.folded.entries.values()].some((e) => e.state !== 'absent');
    if (!this.path || left) return;
    rmSync(this.path, { force: true });
    // A change after this starts a new journal: one without its header would be refused by cleanup.
    this.started = false;
  }

  private record(change: Change): void {
    apply(this.folded, change);
    if (!this.path) return;
    if (!this.started) {
      // The header says the binding so far: a bind before the first entry needs no line of its own.
      if ('bind' in change) return;
      const header: Header = {
        version: 3,
        runId: this.runId,
        origin: this.folded.origin,
        project: this.folded.project,
        startedAt: this.startedAt,
      };
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(this.path, `${JSON.stringify(header)}\n`);
      this.started = true;
    }
    appendFileSync(this.path, `${JSON.stringify(change)}\n`);
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
