import { codePoints, isPlainObject, openNameClass, utf8Bytes, type TokenFlags } from '../../spec/index.ts';
import { FLAG_NAMES } from './flags.ts';
import type { UpdateCase } from './update-case.ts';

// The classes of input a case belongs to, for the coverage phase: a campaign's first runs are
// chosen so that together they touch as many classes as possible, since a small budget (a staging
// run is 6 runs per invariant) drawn at random repeats the common classes and misses rare ones.

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
export function flagChanges(from: TokenFlags, to: object): string[] {
  return FLAG_NAMES.map((flag) => {
    const next: unknown = (to as Record<string, unknown>)[flag];
    if (typeof next !== 'boolean') return `${flag}:omitted`;
    if (from[flag] === next) return `${flag}:kept-${next ? 'on' : 'off'}`;
    return `${flag}:${next ? 'granted' : 'revoked'}`;
  });
}

/**
 * The classes of an update case: why the contract refuses it (a weaker caller, a token that cannot
 * be updated, a broken body), or which change a valid body asks for. A refused case changes
 * nothing, so its names and flags are not counted; a case refused for two reasons covers neither,
 * since the server reports whichever it checks first. A name the docs leave open is tried alone,
 * since its refusal would hide the rest.
 */
export function updateCaseFeatures(c: UpdateCase): string[] {
  const media = `media:${c.contentType}`;
  const reasons = [
    ...(c.caller === 'admin' ? [] : [`caller:${c.caller}`]),
    // The caller's own token is no reason to refuse: which token it is, not why.
    ...(c.target === 'owned' || c.target === 'self' ? [] : [`target:${c.target}`]),
    ...(c.mutation ? [`mutation:${c.mutation.split(' at ')[0]}`] : []),
  ];
  if (reasons.length > 1) return [media];
  if (reasons.length === 1) return [media, ...reasons, ...(c.target === 'self' ? [`target:self-as-${c.caller}`] : [])];
  const features = ['target:owned', 'caller:admin', media];
  const body: unknown = c.body;
  const data = isPlainObject(body) && isPlainObject(body.data) ? body.data : undefined;
  const attributes = data && isPlainObject(data.attributes) ? data.attributes : {};
  const name = typeof attributes.name === 'string' ? attributes.name : undefined;
  const open = name === undefined ? undefined : openNameClass(name);
  if (open) return [...features, `name:${open}`];
  features.push('body:valid', `start:${c.start.role}`);
  features.push(...(name === undefined ? ['name:omitted'] : nameClasses(name).map((n) => `name:${n}`)));
  features.push(...flagChanges(c.start.flags, attributes));
  const role = data && isPlainObject(data.relationships) ? data.relationships.role : undefined;
  const linkage = isPlainObject(role) ? role.data : undefined;
  const choice =
    isPlainObject(linkage) && typeof linkage.id === 'string' ? /^\{\{role:(\w+)\}\}$/.exec(linkage.id) : null;
  features.push(`role:${data?.relationships === undefined ? 'omitted' : choice ? choice[1] : 'other-shape'}`);
  return features;
}
