import { randomBytes, randomInt } from 'node:crypto';
import type { LastAccess, TokenFlags } from '../spec/index.ts';

export interface TokenRecord extends TokenFlags {
  id: string;
  name: string;
  secret: string;
  roleId: string | null;
  hardcodedType: string | null;
  lastCmaAccessAt: number | null;
  lastCdaAccessAt: number | null;
}

export type RoleFlagName = (typeof ROLE_FLAGS)[number];

export interface RoleRecord {
  id: string;
  name: string;
  flags: Record<RoleFlagName, boolean>;
  environmentsAccess: 'all' | 'primary_only' | 'sandbox_only' | 'none';
  inheritsFrom: string[];
}

export interface ArticleRecord {
  id: string;
  published: { title: string } | null;
  draft: { title: string };
}

export interface SiteRecord {
  id: string;
  name: string;
  internalDomain: string;
  locales: string[];
  timezone: string;
  createdAt: string;
}

export const ROLE_FLAGS = [
  'can_edit_favicon',
  'can_edit_site',
  'can_edit_schema',
  'can_manage_menu',
  'can_edit_environment',
  'can_promote_environments',
  'can_manage_users',
  'can_manage_shared_filters',
  'can_manage_upload_collections',
  'can_manage_build_triggers',
  'can_manage_search_indexes',
  'can_manage_webhooks',
  'can_manage_environments',
  'can_manage_sso',
  'can_access_audit_log',
  'can_manage_workflows',
  'can_manage_access_tokens',
  'can_perform_site_search',
  'can_access_build_events_log',
  'can_access_search_index_events_log',
] as const;

const DAY = 86_400_000;

/** Where the mock's ids and secrets come from. */
export interface Randomness {
  /** An integer in [min, max). */
  int(min: number, max: number): number;
  /** `count` random bytes, as lowercase hex. */
  hex(count: number): string;
}

const cryptoRandomness: Randomness = {
  int: (min, max) => randomInt(min, max),
  hex: (count) => randomBytes(count).toString('hex'),
};

/**
 * Randomness drawn from a seed (mulberry32): two mocks given one seed and one sequence of
 * requests answer alike, so that the benchmark can replay a campaign on a twin of its mock.
 */
export function seededRandomness(seed: number): Randomness {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min));
  return {
    int,
    hex: (count) => Array.from({ length: count }, () => int(0, 256).toString(16).padStart(2, '0')).join(''),
  };
}

/** A secret like the real ones: lowercase hex, 30 to 50 characters (clients must not rely on the length). */
export function newSecret(random: Randomness = cryptoRandomness): string {
  return random.hex(15 + random.int(0, 11));
}

/** The state of one simulated project. Ids are numeric strings, never reused. */
export class Store {
  readonly tokens = new Map<string, TokenRecord>();
  /** Deleted tokens, kept only so that a fault can resurrect them. */
  readonly deleted = new Map<string, TokenRecord>();
  readonly roles = new Map<string, RoleRecord>();
  /** Deleted roles, kept only so that a fault can still find them. */
  readonly deletedRoles = new Map<string, RoleRecord>();
  readonly articles: ArticleRecord[] = [];
  readonly site: SiteRecord;
  private lastId: number;

  constructor(readonly random: Randomness = cryptoRandomness) {
    this.lastId = 100_000 + random.int(0, 800_000);
    this.site = {
      id: String(random.int(10_000, 99_999)),
      name: 'Token contract playground',
      internalDomain: 'token-contract-playground.admin.datocms.com',
      locales: ['en', 'it'],
      timezone: 'Europe/Rome',
      createdAt: new Date(Date.now() - 400 * DAY).toISOString(),
    };
  }

  nextId(): string {
    this.lastId += 1 + this.random.int(0, 3);
    return String(this.lastId);
  }

  tokenBySecret(secret: string): TokenRecord | undefined {
    for (const token of this.tokens.values()) if (token.secret === secret) return token;
    return undefined;
  }

  addRole(
    name: string,
    flags: Partial<Record<RoleFlagName, boolean>>,
    environmentsAccess: RoleRecord['environmentsAccess'] = 'all',
  ): RoleRecord {
    const allFalse = Object.fromEntries(ROLE_FLAGS.map((flag) => [flag, false])) as Record<RoleFlagName, boolean>;
    const role: RoleRecord = {
      id: this.nextId(),
      name,
      flags: { ...allFalse, ...flags },
      environmentsAccess,
      inheritsFrom: [],
    };
    this.roles.set(role.id, role);
    return role;
  }

  addToken(
    fields: Omit<TokenRecord, 'id' | 'secret' | 'lastCmaAccessAt' | 'lastCdaAccessAt'> & Partial<TokenRecord>,
  ): TokenRecord {
    const token: TokenRecord = {
      id: this.nextId(),
      secret: newSecret(this.random),
      lastCmaAccessAt: null,
      lastCdaAccessAt: null,
      ...fields,
    };
    this.tokens.set(token.id, token);
    return token;
  }
}

export interface Seeded {
  store: Store;
  adminToken: TokenRecord;
  adminRole: RoleRecord;
  editorRole: RoleRecord;
  readOnlyRole: RoleRecord;
}

/** A project as DatoCMS creates it, plus the admin token the suite uses as its credential. */
export function seedStore(adminSecret?: string, random?: Randomness): Seeded {
  const store = new Store(random);
  const allTrue = Object.fromEntries(ROLE_FLAGS.map((flag) => [flag, true]));
  const adminRole = store.addRole('Admin', allTrue);
  const editorRole = store.addRole('Editor', { can_manage_menu: true, can_perform_site_search: true }, 'primary_only');
  const readOnlyRole = store.addRole('Read-only', {}, 'primary_only');
  const now = Date.now();
  // The read-only factory token every project gets, used by a website for weeks.
  store.addToken({
    name: 'Read-only API token',
    hardcodedType: 'readonly',
    roleId: readOnlyRole.id,
    can_access_cda: true,
    can_access_cda_preview: false,
    can_access_cma: false,
    lastCdaAccessAt: now - 2 * DAY,
  });
  // The legacy full-access factory token of projects created before May 2025: no role.
  store.addToken({
    name: 'Full-access API token',
    hardcodedType: 'admin',
    roleId: null,
    can_access_cda: true,
    can_access_cda_preview: true,
    can_access_cma: true,
    lastCmaAccessAt: now - 45 * DAY,
  });
  const adminToken = store.addToken({
    name: 'Admin token (token-contract)',
    hardcodedType: null,
    roleId: adminRole.id,
    can_access_cda: true,
    can_access_cda_preview: true,
    can_access_cma: true,
    ...(adminSecret ? { secret: adminSecret } : {}),
  });
  store.articles.push(
    { id: store.nextId(), published: { title: 'Hello, world' }, draft: { title: 'Hello, world' } },
    { id: store.nextId(), published: { title: 'Release notes' }, draft: { title: 'Release notes (edited)' } },
    { id: store.nextId(), published: null, draft: { title: 'Unpublished draft' } },
  );
  return { store, adminToken, adminRole, editorRole, readOnlyRole };
}

/** The `last_*_access` bucket of a timestamp, in calendar terms (weeks start on Monday), in UTC or a timezone. */
export function lastAccessBucket(at: number | null, now: number, timeZone?: string): LastAccess {
  if (at === null) return 'never';
  const [then, today] = [calendarDay(at, timeZone), calendarDay(now, timeZone)];
  const monday = (d: CalendarDay) => d.day - d.weekdayFromMonday;
  if (then.day === today.day) return 'today';
  if (then.day === today.day - 1) return 'yesterday';
  if (monday(then) === monday(today)) return 'this_week';
  if (monday(then) === monday(today) - 7) return 'last_week';
  if (then.month === today.month) return 'this_month';
  if (then.month === today.month - 1) return 'last_month';
  return 'never';
}

interface CalendarDay {
  /** Days since the epoch, of the local date. */
  day: number;
  weekdayFromMonday: number;
  /** Months since year 0. */
  month: number;
}

// Formatting in a timezone is slow, and every offset in use is a whole number of minutes: the local
// date is looked up once per timezone and minute.
const localDates = new Map<string, [year: number, month: number, day: number]>();
const formatters = new Map<string, Intl.DateTimeFormat>();
function localDate(t: number, timeZone: string): [year: number, month: number, day: number] {
  const key = `${timeZone} ${Math.floor(t / 60_000)}`;
  let date = localDates.get(key);
  if (!date) {
    let formatter = formatters.get(timeZone);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
      formatters.set(timeZone, formatter);
    }
    const parts = Object.fromEntries(
      formatter.formatToParts(new Date(t)).map((part) => [part.type, Number(part.value)]),
    );
    date = [parts.year as number, parts.month as number, parts.day as number];
    if (localDates.size >= 10_000) localDates.clear();
    localDates.set(key, date);
  }
  return date;
}

function calendarDay(t: number, timeZone: string | undefined): CalendarDay {
  const date = new Date(t);
  const [year, month, day] = timeZone
    ? localDate(t, timeZone)
    : [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  const local = Date.UTC(year, month - 1, day);
  return {
    day: Math.floor(local / DAY),
    weekdayFromMonday: (new Date(local).getUTCDay() + 6) % 7,
    month: year * 12 + month - 1,
  };
}
