import fc from 'fast-check';
import { openNameClass } from '../../spec/index.ts';

// Names where real servers break: other planes, bidirectional text, invisible and combining
// characters, blank names, very long names.
const ASTRAL = ['😀', '🏳️‍🌈', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '𠜎𠜱𠝹', '👩🏽‍💻', '🂡'];
const RTL = ['עברית', 'العربية', '\u200f', '\u202e', '\u2067ltr\u2069'];
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];
const COMBINING = ['e\u0301', 'a\u0300\u0316', 'Z\u0351\u036b\u0343', 'n\u0303'];
const OTHER_SCRIPTS = ['日本語', '中文', '한국어', 'Ελληνικά', 'русский', 'हिन्दी'];
const WHITESPACE = [' ', '\t', '\n', '\u00a0', '\u3000', '\u2028'];

const piece = fc.oneof(
  fc.constantFrom(...ASTRAL, ...RTL, ...INVISIBLE, ...COMBINING, ...OTHER_SCRIPTS),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 }),
);

export const plainName = fc
  .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 })
  .filter((s) => s.trim() !== '');
export const unicodeName = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
export const blankName = fc.oneof(
  fc.constant(''),
  fc.array(fc.constantFrom(...WHITESPACE), { minLength: 1, maxLength: 4 }).map((ws) => ws.join('')),
);
/** `count` code points of `chunk` repeated: the API counts characters, so the cut may split a cluster. */
const repeatedTo = (count: number, chunk: string) =>
  [...chunk.repeat(Math.ceil(count / [...chunk].length))].slice(0, count).join('');

/**
 * 100 to 600 code points, past the lengths a server might silently truncate at, on each side of
 * 255, and as often ASCII as other scripts and planes, because a column can count UTF-8 bytes or
 * UTF-16 units where the API counts characters.
 */
export const longName = fc
  .tuple(
    fc.oneof(fc.integer({ min: 100, max: 255 }), fc.integer({ min: 256, max: 600 })),
    fc.oneof(
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
      fc.array(piece, { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')),
    ),
  )
  .map(([length, chunk]) => repeatedTo(length, chunk));
export const paddedName = fc
  .tuple(fc.constantFrom(' ', '  ', '\t'), plainName)
  .map(([pad, name]) => `${pad}${name}${pad}`);

/** A token name, biased towards the shapes that break servers. */
export const tokenName: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: plainName, weight: 4 },
  { arbitrary: unicodeName, weight: 4 },
  { arbitrary: blankName, weight: 1 },
  { arbitrary: longName, weight: 1 },
  { arbitrary: paddedName, weight: 1 },
);

// What a name can hold beyond what the shapes above reach: the C0 and C1 controls (U+0000 among
// them), noncharacters, a byte order mark, and lone surrogates (sent as JSON escapes).
const CONTROLS = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f'];
const NONCHARACTERS = ['\ufdd0', '\ufffe', '\uffff', '\u{1fffe}', '\u{10ffff}'];
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];
/** The documentation's own example names. */
const DOCUMENTED = ['Read-only API token'];

/** A name from the whole Unicode range and the characters servers choke on, for sequences of operations. */
export const anyName: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: tokenName, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }), weight: 2 },
  {
    arbitrary: fc
      .array(
        fc.oneof(fc.constantFrom(...CONTROLS, ...NONCHARACTERS, ...LONE_SURROGATES, '\ufeff', ...COMBINING), plainName),
        { minLength: 1, maxLength: 4 },
      )
      .map((parts) => parts.join('')),
    weight: 3,
  },
  { arbitrary: fc.constantFrom(...DOCUMENTED), weight: 1 },
);

/** Names every correct server must accept: none of the shapes the docs leave open. */
export const acceptedName: fc.Arbitrary<string> = tokenName.filter((name) => openNameClass(name) === undefined);
