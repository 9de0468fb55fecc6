import fc from 'fast-check';
import { isPlainObject, type JsonSchema } from '../../spec/index.ts';
import { child, type CompileContext } from './context.ts';

// Extra keys must not collide with declared ones, nor with keys JavaScript treats specially.
const extraKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__');

/** `type: object` with properties, required and additionalProperties (false, true or a schema). */
export function objectArbitrary(
  schema: JsonSchema,
  ctx: CompileContext,
  compile: (schema: JsonSchema, ctx: CompileContext) => fc.Arbitrary<unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const declared: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(properties)) {
    declared[name] = compile(sub, child(child(ctx, 'properties'), name, name));
  }
  for (const name of required) {
    // A required key the schema does not describe may hold anything.
    declared[name] ??= fc.jsonValue({ maxDepth: 2 });
  }
  const base = fc.record(declared, { requiredKeys: required });
  const additional = schema.additionalProperties;
  if (additional === false) return base;
  const values = isPlainObject(additional)
    ? compile(additional as JsonSchema, child(ctx, 'additionalProperties', '*'))
    : fc.jsonValue({ maxDepth: 2 });
  const extras = fc.dictionary(
    extraKey.filter((k) => !Object.hasOwn(properties, k)),
    values,
    { maxKeys: 2 },
  );
  return fc
    .tuple(base, fc.oneof({ arbitrary: fc.constant({}), weight: 4 }, { arbitrary: extras, weight: 1 }))
    .map(([declaredValues, extraValues]) => ({ ...extraValues, ...declaredValues }));
}
