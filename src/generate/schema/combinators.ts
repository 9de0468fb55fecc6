import fc from 'fast-check';
import type { JsonSchema, JsonType } from '../../spec/index.ts';
import { child, UnsupportedSchemaError, type CompileContext } from './context.ts';

type Compile = (schema: JsonSchema, ctx: CompileContext) => fc.Arbitrary<unknown>;

/** anyOf: a value of any branch is valid. */
export function anyOfArbitrary(schema: JsonSchema, ctx: CompileContext, compile: Compile): fc.Arbitrary<unknown> {
  const branches = schema.anyOf ?? [];
  return fc.oneof(
    ...branches.map((branch, i) => compile(withSiblings(schema, branch, 'anyOf'), child(ctx, `anyOf/${i}`))),
  );
}

/** oneOf: a value of one branch that matches no other branch. */
export function oneOfArbitrary(schema: JsonSchema, ctx: CompileContext, compile: Compile): fc.Arbitrary<unknown> {
  const validate = ctx.options.validate;
  if (!validate) throw new UnsupportedSchemaError(ctx.schemaPath, 'oneOf needs the `validate` option');
  const branches = schema.oneOf ?? [];
  const whole = { oneOf: branches };
  return fc
    .oneof(...branches.map((branch, i) => compile(withSiblings(schema, branch, 'oneOf'), child(ctx, `oneOf/${i}`))))
    .filter((value) => validate(whole, value));
}

/** allOf: the branches merged into one schema (objects and matching types only; anything else fails loudly). */
export function allOfSchema(schema: JsonSchema, ctx: CompileContext): JsonSchema {
  const { allOf = [], ...rest } = schema;
  return allOf.reduce<JsonSchema>((merged, branch, i) => merge(merged, branch, `${ctx.schemaPath}/allOf/${i}`), rest);
}

// Keywords next to a combinator apply to every branch (e.g. `type: object` beside `anyOf`).
function withSiblings(schema: JsonSchema, branch: JsonSchema, combinator: 'anyOf' | 'oneOf'): JsonSchema {
  const { [combinator]: _branches, ...siblings } = schema;
  return Object.keys(siblings).length === 0 ? branch : { allOf: [siblings, branch] };
}

function merge(a: JsonSchema, b: JsonSchema, path: string): JsonSchema {
  const merged: JsonSchema = { ...a };
  for (const [keyword, value] of Object.entries(b)) {
    const existing = merged[keyword];
    if (existing === undefined) {
      merged[keyword] = value;
    } else if (keyword === 'properties') {
      merged.properties = { ...(existing as Record<string, JsonSchema>) };
      for (const [name, sub] of Object.entries(value as Record<string, JsonSchema>)) {
        merged.properties[name] = merged.properties[name] ? { allOf: [merged.properties[name], sub] } : sub;
      }
    } else if (keyword === 'required') {
      merged.required = [...new Set([...(existing as string[]), ...(value as string[])])];
    } else if (keyword === 'type') {
      const left = [existing as JsonType | JsonType[]].flat();
      const types = [value as JsonType | JsonType[]].flat().filter((t) => left.includes(t));
      if (types.length === 0) throw new UnsupportedSchemaError(path, 'allOf branches have no type in common');
      merged.type = types.length === 1 ? types[0] : types;
    } else if (['minLength', 'minItems', 'minimum'].includes(keyword)) {
      merged[keyword] = Math.max(existing as number, value as number);
    } else if (['maxLength', 'maxItems', 'maximum'].includes(keyword)) {
      merged[keyword] = Math.min(existing as number, value as number);
    } else if (keyword === 'additionalProperties' && (existing === false || value === false)) {
      merged.additionalProperties = false;
    } else if (JSON.stringify(existing) !== JSON.stringify(value) && !ANNOTATIONS.has(keyword)) {
      throw new UnsupportedSchemaError(path, `cannot merge "${keyword}" of allOf branches`);
    }
  }
  return merged;
}

export const ANNOTATIONS = new Set([
  'title',
  'description',
  'examples',
  'example',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
  '$schema',
  '$id',
  'externalDocs',
  'xml',
  'discriminator',
]);
