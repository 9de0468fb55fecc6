import { accepted, defaultAssumptions, readings, type AssumedValue, type Assumptions } from './assumptions.ts';

// What the documentation leaves open about token names — blank ones, long ones, odd characters,
// and the form a server stores — decided one way by the mock and judged every way by the oracles.

/** Ruby's `blank?`, widened to the invisible spaces a server might also count: empty, or only spaces. */
export const isBlankName = (name: string): boolean => /^[\s\u00a0\u2000-\u200b\u2028\u2029\u3000\ufeff]*$/u.test(name);

// C0 and C1 controls, DEL, noncharacters, and surrogates that are not part of a pair (with the `u`
// flag a pair is one code point, so only a lone surrogate matches the last class).
const ODD_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
  /[\u0000-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff\u{1fffe}\u{1ffff}\u{10fffe}\u{10ffff}\ud800-\udfff]/u;

export const hasOddCharacters = (name: string): boolean => ODD_CHARACTERS.test(name);

export const codePoints = (name: string): number => [...name].length;
export const utf8Bytes = (name: string): number => Buffer.byteLength(name, 'utf8');

/** Whether a server with this length limit refuses the name. */
export function overLimit(limit: AssumedValue<'nameLengthLimit'>, name: string): boolean {
  switch (limit) {
    case 'none':
      return false;
    case '255 code points':
      return codePoints(name) > 255;
    case '255 UTF-8 bytes':
      return utf8Bytes(name) > 255;
    case '100 code points':
      return codePoints(name) > 100;
  }
}

/** Long enough that some correct server refuses it. */
export const isLongName = (name: string): boolean =>
  readings(defaultAssumptions.nameLengthLimit).some((limit) => overLimit(limit, name));

/** Why the documentation leaves a server free to refuse this name, if it does. */
export function openNameClass(name: string): 'blank' | 'long' | 'odd characters' | undefined {
  if (isBlankName(name)) return 'blank';
  if (isLongName(name)) return 'long';
  if (hasOddCharacters(name)) return 'odd characters';
  return undefined;
}

/** Ruby's String#strip: ASCII whitespace and NUL at both ends. */
const stripAscii = (name: string): string => name.replace(/^[\0\t\n\v\f\r ]+|[\0\t\n\v\f\r ]+$/g, '');

/** The name a server that made these choices stores for `sent`. */
export function storedName(
  sent: string,
  padding: AssumedValue<'paddedName'>,
  normalization: AssumedValue<'nameNormalization'>,
): string {
  const trimmed = padding === 'stripped' ? stripAscii(sent) : padding === 'trimmed' ? sent.trim() : sent;
  return normalization === 'NFC' ? trimmed.normalize('NFC') : trimmed;
}

/** Every name a correct server may store for `sent` (only the assumed one when strict). */
export function storedNames(sent: string, assumptions: Assumptions, strict = false): string[] {
  const names = accepted(assumptions.paddedName, strict).flatMap((padding) =>
    accepted(assumptions.nameNormalization, strict).map((normalization) => storedName(sent, padding, normalization)),
  );
  return [...new Set(names)];
}
