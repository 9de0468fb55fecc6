import fc from 'fast-check';
import type { JsonSchema } from '../../spec/index.ts';
import { child, UnsupportedSchemaError, type CompileContext } from './context.ts';

/** `type: array` with items, minItems and maxItems. */
export function arrayArbitrary(
  schema: JsonSchema,
  ctx: CompileContext,
  compile: (schema: JsonSchema, ctx: CompileContext) => fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown[]> {
  const minLength = schema.minItems ?? 0;
  const maxLength = schema.maxItems ?? Math.max(minLength, Math.min(ctx.options.maxLength, 5));
  if (minLength > maxLength)
    throw new UnsupportedSchemaError(ctx.schemaPath, `minItems ${minLength} > maxItems ${maxLength}`);
  const items =
    schema.items === undefined ? fc.jsonValue({ maxDepth: 2 }) : compile(schema.items, child(ctx, 'items', '*'));
  return fc.array(items, { minLength, maxLength });
}
