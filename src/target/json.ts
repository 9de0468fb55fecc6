/** Deeper documents are not decoded: the checks walk them recursively, and no DatoCMS answer nests past a dozen. */
export const MAX_JSON_DEPTH = 256;

export interface Decoded {
  json: boolean;
  /** The JSON value, or the text itself when it is not JSON (the oracles report that). */
  value: unknown;
  /** Why a text that may well be JSON was not decoded. */
  unreadable?: string;
}

/** A text decoded once, where it enters the suite, within a bounded depth. */
export function decodeJson(text: string): Decoded {
  const depth = nestingDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH)
    return { json: false, value: text, unreadable: `the body nests deeper than ${MAX_JSON_DEPTH} levels: not decoded` };
  try {
    return { json: true, value: JSON.parse(text) };
  } catch {
    return { json: false, value: text };
  }
}

/** The deepest nesting of arrays and objects, counted outside strings; stops once past `limit`. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}
