import fc from 'fast-check';
import type { JsonSchema } from '../../spec/index.ts';
import { UnsupportedSchemaError, type CompileContext } from './context.ts';

/** `type: integer` with minimum, maximum and their exclusive forms. */
export function integerArbitrary(schema: JsonSchema, ctx: CompileContext): fc.Arbitrary<number> {
  const min = Math.max(
    schema.minimum === undefined ? Number.MIN_SAFE_INTEGER : Math.ceil(schema.minimum),
    schema.exclusiveMinimum === undefined ? Number.MIN_SAFE_INTEGER : Math.floor(schema.exclusiveMinimum) + 1,
  );
  const max = Math.min(
    schema.maximum === undefined ? Number.MAX_SAFE_INTEGER : Math.floor(schema.maximum),
    schema.exclusiveMaximum === undefined ? Number.MAX_SAFE_INTEGER : Math.ceil(schema.exclusiveMaximum) - 1,
  );
  if (min > max) throw new UnsupportedSchemaError(ctx.schemaPath, `no integer between ${min} and ${max}`);
  return fc.integer({ min, max });
}

/** `type: number`: finite doubles within the bounds. */
export function numberArbitrary(schema: JsonSchema, ctx: CompileContext): fc.Arbitrary<number> {
  const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e15;
  const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e15;
  if (min > max) throw new UnsupportedSchemaError(ctx.schemaPath, `no number between ${min} and ${max}`);
  return fc
    .double({
      min,
      max,
      noNaN: true,
      noDefaultInfinity: true,
      minExcluded: schema.exclusiveMinimum !== undefined,
      maxExcluded: schema.exclusiveMaximum !== undefined,
    })
    .map((n) => (Object.is(n, -0) ? 0 : n));
}
