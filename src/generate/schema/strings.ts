import fc from 'fast-check';
import type { JsonSchema } from '../../spec/index.ts';
import { UnsupportedSchemaError, type CompileContext } from './context.ts';

// Units of one code point each, so that fast-check's lengths are JSON Schema's (code points).
const unit = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 1 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 1 },
);

const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  uri: () => fc.webUrl({ withQueryParameters: true }),
  email: () => fc.emailAddress(),
  uuid: () => fc.uuid(),
  hostname: () => fc.domain(),
  ipv4: () => fc.ipV4(),
  ipv6: () => fc.ipV6(),
  'date-time': () =>
    fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(253402300799000) }).map((d) => d.toISOString()),
  date: () =>
    fc
      .date({ noInvalidDate: true, min: new Date(0), max: new Date(253402300799000) })
      .map((d) => d.toISOString().slice(0, 10)),
};

const codePoints = (text: string) => [...text].length;

/** `type: string` with minLength, maxLength, pattern and format. */
export function stringArbitrary(schema: JsonSchema, ctx: CompileContext): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Math.max(minLength, ctx.options.maxLength);
  if (minLength > maxLength)
    throw new UnsupportedSchemaError(ctx.schemaPath, `minLength ${minLength} > maxLength ${maxLength}`);
  const inBounds = (text: string) => codePoints(text) >= minLength && codePoints(text) <= maxLength;
  if (schema.format !== undefined) {
    const format = FORMATS[schema.format];
    if (!format) throw new UnsupportedSchemaError(ctx.schemaPath, `unsupported format "${schema.format}"`);
    if (schema.pattern !== undefined) throw new UnsupportedSchemaError(ctx.schemaPath, 'format together with pattern');
    return format().filter(inBounds);
  }
  if (schema.pattern !== undefined) {
    let regex: RegExp;
    try {
      regex = new RegExp(schema.pattern, 'u');
    } catch {
      throw new UnsupportedSchemaError(ctx.schemaPath, `pattern ${schema.pattern} is not a valid regular expression`);
    }
    return fc.stringMatching(regex).filter(inBounds);
  }
  return fc.string({ unit, minLength, maxLength });
}
