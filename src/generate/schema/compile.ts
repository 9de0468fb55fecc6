import fc from 'fast-check';
import type { JsonSchema, JsonType } from '../../spec/index.ts';
import { arrayArbitrary } from './arrays.ts';
import { allOfSchema, ANNOTATIONS, anyOfArbitrary, oneOfArbitrary } from './combinators.ts';
import { overrideAt, UnsupportedSchemaError, type CompileContext, type CompileOptions } from './context.ts';
import { integerArbitrary, numberArbitrary } from './numbers.ts';
import { objectArbitrary } from './objects.ts';
import { stringArbitrary } from './strings.ts';

const SUPPORTED = new Set([
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'oneOf',
  'anyOf',
  'allOf',
]);

/** Compiles a (dereferenced) JSON Schema 2020-12 into an arbitrary of values valid against it. */
export function arbitraryFor(schema: JsonSchema, options: CompileOptions = {}): fc.Arbitrary<unknown> {
  const ctx: CompileContext = { options: { maxLength: 40, ...options }, schemaPath: '#', instancePath: [] };
  return compile(schema, ctx);
}

function compile(schema: JsonSchema, ctx: CompileContext): fc.Arbitrary<unknown> {
  const override = overrideAt(ctx);
  if (override) return override;
  if (typeof schema !== 'object' || schema === null)
    throw new UnsupportedSchemaError(ctx.schemaPath, 'boolean schemas are not supported');
  for (const keyword of Object.keys(schema)) {
    if (!SUPPORTED.has(keyword) && !ANNOTATIONS.has(keyword) && !keyword.startsWith('x-')) {
      throw new UnsupportedSchemaError(ctx.schemaPath, `unsupported keyword "${keyword}"`);
    }
  }
  if (schema.allOf) return compile(allOfSchema(schema, ctx), ctx);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) {
    if (schema.enum.length === 0) throw new UnsupportedSchemaError(ctx.schemaPath, 'empty enum');
    return fc.constantFrom(...schema.enum);
  }
  if (schema.oneOf) return oneOfArbitrary(schema, ctx, compile);
  if (schema.anyOf) return anyOfArbitrary(schema, ctx, compile);
  const types = typesOf(schema);
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => ofType(type, schema, ctx)));
}

function ofType(type: JsonType, schema: JsonSchema, ctx: CompileContext): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerArbitrary(schema, ctx);
    case 'number':
      return numberArbitrary(schema, ctx);
    case 'string':
      return stringArbitrary(schema, ctx);
    case 'array':
      return arrayArbitrary(schema, ctx, compile);
    case 'object':
      return objectArbitrary(schema, ctx, compile);
    default:
      throw new UnsupportedSchemaError(ctx.schemaPath, `unknown type "${String(type)}"`);
  }
}

// A schema without `type` but with keywords of one kind is read as that kind.
function typesOf(schema: JsonSchema): JsonType[] {
  if (schema.type !== undefined) return [schema.type].flat();
  if (schema.properties || schema.required || schema.additionalProperties !== undefined) return ['object'];
  if (schema.items || schema.minItems !== undefined || schema.maxItems !== undefined) return ['array'];
  if (schema.minLength !== undefined || schema.maxLength !== undefined || schema.pattern || schema.format)
    return ['string'];
  if (schema.minimum !== undefined || schema.maximum !== undefined) return ['number'];
  return [];
}
