import { LAST_ACCESS, type LastAccess } from '../spec/index.ts';

/**
 * Whether a `last_*_access` bucket may follow another. While a token makes no call the bucket only
 * ages (today, yesterday, this week, …), and reaches `never` only from `last_month` ("no recent
 * usage, beyond last month"); once it has made one, `today` may show at any later read (a server
 * may record uses late), and so may `yesterday`, when midnight passed since (in UTC or in the
 * project's timezone: `lastAccessClock`).
 */
export function mayFollow(seen: LastAccess, now: LastAccess, used: boolean): boolean {
  if (now === seen || (used && (now === 'today' || now === 'yesterday'))) return true;
  if (LAST_ACCESS.indexOf(now) < LAST_ACCESS.indexOf(seen)) return false;
  return now !== 'never' || seen === 'last_month';
}
