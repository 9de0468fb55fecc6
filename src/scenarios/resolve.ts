import { BYSTANDER_ID, roleId, TARGET_ID, type UpdateCase } from '../generate/index.ts';
import { isPlainObject, readTokenBody, type JsonValue, type TokenBody } from '../spec/index.ts';
import type { Credential } from '../target/index.ts';
import type { TokenView } from './views.ts';
import type { World } from './world.ts';

/** An update case with real ids: exactly what is sent. */
export interface ResolvedUpdate {
  targetId: string;
  path: string;
  /** The JSON body, when the case has one. */
  body: unknown;
  /** The raw text, when the case's body is not JSON. */
  rawBody: string | undefined;
  /** The JSON body, read once: what it sets, whatever its validity. */
  sent: TokenBody;
  credential: Credential;
  contentType: string;
}

const CALLERS: Record<UpdateCase['caller'], (world: World) => Credential> = {
  admin: () => ({ kind: 'admin' }),
  'no-manage': (world) => ({ kind: 'token', tokenId: world.ids.weakCaller }),
  'no-cma': (world) => ({ kind: 'token', tokenId: world.ids.noCmaCaller }),
  none: () => ({ kind: 'none' }),
  invalid: () => ({ kind: 'invalid' }),
};

export function targetIdOf(c: UpdateCase, world: World): string {
  switch (c.target) {
    case 'owned':
      return world.ids.subject;
    case 'self':
      return selfId(c.caller, world);
    case 'hardcoded':
      return world.ids.factoryTokens[0] as string;
    case 'unknown':
      return world.ids.unknownTokenId;
    case 'deleted':
      return world.ids.deletedTokenId;
  }
}

/** The token the caller authenticates with: what a `self` update addresses. */
function selfId(caller: UpdateCase['caller'], world: World): string {
  const credential = CALLERS[caller](world);
  if (credential.kind !== 'token')
    throw new Error(`a "self" update needs a caller with a token of its own, not "${caller}"`);
  return credential.tokenId;
}

/** Replaces the placeholders of a case with the run's ids. `current` is the target as read before. */
export function resolveUpdate(c: UpdateCase, world: World, current: TokenView | undefined): ResolvedUpdate {
  const targetId = targetIdOf(c, world);
  const sameRole = current?.roleId ?? world.ids.roles.viewer;
  const otherRole = world.roleName(sameRole) === 'manager' ? world.ids.roles.viewer : world.ids.roles.manager;
  // A Map: a generated string such as "constructor" must not find a value on Object.prototype.
  const ids = new Map<string, string>([
    [TARGET_ID, targetId],
    [BYSTANDER_ID, world.ids.bystander],
    [roleId('same'), sameRole],
    [roleId('other'), otherRole],
    [roleId('unknown'), world.ids.unknownRoleId],
  ]);
  const isRaw = isPlainObject(c.body) && typeof c.body.raw === 'string' && Object.keys(c.body).length === 1;
  const body = isRaw ? undefined : asSent(substitute(c.body, ids));
  return {
    targetId,
    path: `/access_tokens/${encodeURIComponent(targetId)}`,
    body,
    rawBody: isRaw ? (c.body as { raw: string }).raw : undefined,
    sent: readTokenBody(body),
    credential: CALLERS[c.caller](world),
    contentType: c.contentType,
  };
}

function substitute(value: JsonValue | { raw: string }, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => substitute(item, ids));
  if (!isPlainObject(value)) return value;
  // fromEntries defines keys: an own "__proto__" key stays a key instead of setting the prototype.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item as JsonValue, ids)]));
}

/**
 * The value exactly as the server will parse it: what JSON.stringify drops or changes (an inherited
 * key, -0, NaN) must not be judged as sent, since the oracles classify the request by this value.
 */
const asSent = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null') as unknown;

/** The body that changes nothing: the token's current values (the only write sent to a factory token of a real project). */
export function noOpBody(current: TokenView): unknown {
  return {
    data: {
      type: 'access_token',
      id: current.id,
      attributes: {
        name: current.name,
        can_access_cda: current.can_access_cda,
        can_access_cda_preview: current.can_access_cda_preview,
        can_access_cma: current.can_access_cma,
      },
    },
  };
}
