import { codePoints, openNameClass, readTokenBody, TOKEN_FLAGS, utf8Bytes, type TokenFlags } from '../../spec/index.ts';
import { roleChoiceOf } from './placeholders.ts';
import type { UpdateCase } from './update-case.ts';

// The classes of input a case belongs to, for the coverage phase: a campaign's first runs are
// chosen so that together they touch as many classes as possible, since a small budget (a staging
// run is 6 runs per invariant) drawn at random repeats the common classes and misses rare ones.

/**
 * One class of input: its dimension (`caller`, `name`, `can_access_cma`…) and its value there, and
 * the chance that the server gets to it (1 unless an earlier check may refuse the request first).
 */
export interface Feature {
  dimension: string;
  value: string;
  chance: number;
}

export const feature = (dimension: string, value: string, chance = 1): Feature => ({ dimension, value, chance });
export const showFeature = (f: Feature): string => `${f.dimension}:${f.value}`;

/** Boundary classes of a name: where servers truncate, normalise, or refuse. */
export function nameClasses(name: string): string[] {
  const classes: string[] = [];
  const open = openNameClass(name);
  if (open) classes.push(open);
  if (codePoints(name) > 255) classes.push('255+ code points');
  // Longer in UTF-8 bytes than in code points: where a byte-counting column cuts.
  if (utf8Bytes(name) > 255 && codePoints(name) <= 255) classes.push('255+ bytes');
  if (name !== name.trim()) classes.push('padded');
  if (/[\u{10000}-\u{10FFFF}]/u.test(name)) classes.push('astral');
  else if (/[^\x20-\x7e]/.test(name)) classes.push('non-ascii');
  return classes.length > 0 ? classes : ['plain'];
}

/** For each flag: omitted, kept on or off, granted or revoked by going from `from` to `to`. */
export function flagChanges(from: TokenFlags, to: Partial<TokenFlags>): Feature[] {
  return TOKEN_FLAGS.map((flag) => {
    const next = to[flag];
    if (next === undefined) return feature(flag, 'omitted');
    if (from[flag] === next) return feature(flag, `kept-${next ? 'on' : 'off'}`);
    return feature(flag, next ? 'granted' : 'revoked');
  });
}

/**
 * The classes of an update case: why the contract refuses it (a weaker caller, a token that cannot
 * be updated, a broken body), or which change a valid body asks for. A refused case changes
 * nothing, so its names and flags are not counted; a case refused for two reasons covers neither,
 * since the server reports whichever it checks first. A name the docs leave open (blank, long, odd
 * characters) covers its own classes, and the rest of its body with an even chance: a server may
 * refuse the name, and one that accepts it must apply the rest.
 */
export function updateCaseFeatures(c: UpdateCase): Feature[] {
  const media = feature('media', c.contentType);
  const reasons = [
    ...(c.caller === 'admin' ? [] : [feature('caller', c.caller)]),
    // The caller's own token is no reason to refuse: which token it is, not why.
    ...(c.target === 'owned' || c.target === 'self' ? [] : [feature('target', c.target)]),
    ...(c.mutation ? [feature('mutation', c.mutation.kind)] : []),
  ];
  if (reasons.length > 1) return [media];
  if (reasons.length === 1)
    return [media, ...reasons, ...(c.target === 'self' ? [feature('target', `self-as-${c.caller}`)] : [])];
  const features = [feature('target', 'owned'), feature('caller', 'admin'), media];
  const sent = readTokenBody(c.body);
  const names = (sent.name === undefined ? ['omitted'] : nameClasses(sent.name)).map((n) => feature('name', n));
  const choice = sent.roleId === undefined ? undefined : roleChoiceOf(sent.roleId);
  const rest = [
    feature('body', 'valid'),
    feature('start', c.start.role),
    ...flagChanges(c.start.flags, sent.flags),
    feature('role', sent.relationships === 'omitted' ? 'omitted' : (choice ?? 'other-shape')),
  ];
  const chance = sent.name !== undefined && openNameClass(sent.name) ? 0.5 : 1;
  return [...features, ...names, ...rest.map((f) => ({ ...f, chance }))];
}
