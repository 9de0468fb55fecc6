import { describe, expect, it } from 'vitest';
import { decodeJson, MAX_JSON_DEPTH } from '../../src/target/json.ts';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('decodeJson: a body decoded once, within a bounded depth', () => {
  it('decodes JSON, and gives back a text that is not JSON as it is', () => {
    expect(decodeJson('{"data":[{"id":"1"}]}')).toEqual({ json: true, value: { data: [{ id: '1' }] } });
    expect(decodeJson('<html>')).toEqual({ json: false, value: '<html>' });
    expect(decodeJson('')).toEqual({ json: false, value: '' });
  });

  it(`decodes a document nested exactly ${MAX_JSON_DEPTH} levels deep, and not one level more`, () => {
    expect(decodeJson(nested(MAX_JSON_DEPTH)).json).toBe(true);
    const deeper = decodeJson(nested(MAX_JSON_DEPTH + 1));
    expect(deeper).toEqual({
      json: false,
      value: nested(MAX_JSON_DEPTH + 1),
      unreadable: `the body nests deeper than ${MAX_JSON_DEPTH} levels: not decoded`,
    });
  });

  it('counts objects and arrays alike, and no bracket inside a string', () => {
    const half = MAX_JSON_DEPTH / 2;
    const mixed = `${'{"a":'.repeat(half)}${nested(half)}${'}'.repeat(half)}`;
    expect(decodeJson(`[${mixed}]`).json).toBe(false);
    expect(decodeJson(mixed).json).toBe(true);
    expect(decodeJson(JSON.stringify({ text: '['.repeat(10 * MAX_JSON_DEPTH) })).json).toBe(true);
  });

  it('refuses a hostile depth of a hundred thousand levels without a stack overflow', () => {
    expect(decodeJson(nested(100_000)).unreadable).toMatch(/nests deeper/);
  });

  // Measured on the text before any parsing: an 8 MiB body of brackets costs a few hundred
  // characters read, not a parse, and a cut-off one says why it was not decoded.
  it('judges the depth on the text, so a deep body that is cut off is still called too deep', () => {
    expect(decodeJson('['.repeat(MAX_JSON_DEPTH + 1)).unreadable).toMatch(/nests deeper/);
    expect(decodeJson('['.repeat(MAX_JSON_DEPTH)).unreadable).toBeUndefined();
  });
});
