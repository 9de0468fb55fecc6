/** Deeper documents are not decoded: the checks walk them recursively, and no DatoCMS answer nests past a dozen. */
export const MAX_JSON_DEPTH = 256;

export interface Decoded {
  json: boolean;
  /** The JSON value, or the text itself when it is not JSON (the oracles report that). */
  value: unknown;
  /** Why a text that may well be JSON was not decoded. */
  unreadable?: string;
}

/**
 * A text decoded once, where it enters the suite, within a bounded depth. JSON.parse itself does
 * not recurse (V8's parser keeps its own stack), so the depth is measured on the value it gives,
 * which has far fewer nodes than the text has characters.
 */
export function decodeJson(text: string): Decoded {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { json: false, value: text };
  }
  if (nestsDeeperThan(value, MAX_JSON_DEPTH))
    return { json: false, value: text, unreadable: `the body nests deeper than ${MAX_JSON_DEPTH} levels: not decoded` };
  return { json: true, value };
}

/** Whether arrays and objects nest more than `limit` levels, walked without recursion. */
function nestsDeeperThan(root: unknown, limit: number): boolean {
  const pending: { value: object; depth: number }[] = [];
  if (typeof root === 'object' && root !== null) pending.push({ value: root, depth: 1 });
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.depth > limit) return true;
    for (const child of Object.values(next.value))
      if (typeof child === 'object' && child !== null) pending.push({ value: child as object, depth: next.depth + 1 });
  }
  return false;
}
