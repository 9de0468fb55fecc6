import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { arbitraryFor, UnsupportedSchemaError } from '../../src/generate/index.ts';
import { loadContract, type Contract, type JsonSchema } from '../../src/spec/index.ts';

let contract: Contract;
let validate: (schema: JsonSchema, value: unknown) => boolean;
beforeAll(async () => {
  contract = await loadContract();
  validate = (schema, value) => contract.validate(schema, value).valid;
});

/** One schema per keyword family, plus their combinations. */
const CORPUS: Record<string, JsonSchema> = {
  nullable: { type: ['string', 'null'] },
  constant: { const: 'access_token' },
  enumeration: { enum: ['a', 1, null, true] },
  closedObject: {
    type: 'object',
    additionalProperties: false,
    required: ['a'],
    properties: { a: { type: 'integer' }, b: { type: 'boolean' } },
  },
  openObject: { type: 'object', properties: { a: { type: 'string' } } },
  schemaAdditional: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
  requiredUndeclared: { type: 'object', required: ['x'] },
  array: { type: 'array', items: { type: 'string', maxLength: 3 }, minItems: 2, maxItems: 4 },
  lengths: { type: 'string', minLength: 3, maxLength: 5 },
  pattern: { type: 'string', pattern: '^[0-9a-f]{6}$' },
  formats: {
    anyOf: [
      { type: 'string', format: 'uri' },
      { type: 'string', format: 'email' },
      { type: 'string', format: 'date-time' },
      { type: 'string', format: 'uuid' },
    ],
  },
  integerBounds: { type: 'integer', minimum: -3, exclusiveMaximum: 4 },
  numberBounds: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
  oneOf: { oneOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }] },
  oneOfOverlapping: { oneOf: [{ type: 'number' }, { type: 'integer', minimum: 0, maximum: 0 }] },
  allOf: {
    allOf: [
      { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
      { type: 'object', required: ['b'], properties: { b: { const: 1 } } },
    ],
  },
  siblings: {
    type: 'object',
    required: ['kind'],
    anyOf: [{ properties: { kind: { const: 'x' } } }, { properties: { kind: { const: 'y' } } }],
  },
  untyped: {},
  nested: {
    type: 'object',
    required: ['data'],
    properties: {
      data: {
        type: 'array',
        items: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } },
      },
    },
  },
};

function specSchemas(): [string, JsonSchema][] {
  const named = (['cma', 'cda'] as const).flatMap((api) =>
    Object.keys(contract.documents[api].components?.schemas ?? {}).map((name): [string, JsonSchema] => [
      `${api}#${name}`,
      contract.schema(name, api),
    ]),
  );
  const bodies = [...contract.operations.values()].flatMap((op) => [
    ...[...(op.requestBody ?? new Map()).entries()].map(([type, schema]): [string, JsonSchema] => [
      `${op.id} request ${type}`,
      schema,
    ]),
    ...[...op.responses.entries()].flatMap(([status, r]) =>
      [...r.content.entries()].map(([type, schema]): [string, JsonSchema] => [`${op.id} ${status} ${type}`, schema]),
    ),
  ]);
  return [...named, ...bodies];
}

describe('the JSON Schema → fast-check compiler', () => {
  it('generates only valid values, for every schema of the spec and of the test corpus', () => {
    const schemas = [...Object.entries(CORPUS), ...specSchemas()];
    expect(schemas.length).toBeGreaterThan(60);
    let total = 0;
    for (const [name, schema] of schemas) {
      const arbitrary = arbitraryFor(schema, { validate });
      fc.assert(
        fc.property(arbitrary, (value) => {
          total += 1;
          const { issues } = contract.validate(schema, value);
          if (issues.length > 0)
            throw new Error(`${name}: ${JSON.stringify(value)} → ${issues.map((i) => i.message).join('; ')}`);
        }),
        { numRuns: 100 },
      );
    }
    expect(total).toBeGreaterThan(6000);
  });

  it.each([
    ['not', { not: { type: 'string' } }, '#: unsupported keyword "not"'],
    [
      'patternProperties',
      { type: 'object', patternProperties: { '^x': {} } },
      'unsupported keyword "patternProperties"',
    ],
    [
      'a leftover $ref',
      { type: 'object', properties: { a: { $ref: '#/x' } } },
      '#/properties/a: unsupported keyword "$ref"',
    ],
    ['if/then', { if: {}, then: {} }, 'unsupported keyword "if"'],
    ['an unknown format', { type: 'string', format: 'iban' }, 'unsupported format "iban"'],
    ['an impossible length', { type: 'string', minLength: 5, maxLength: 2 }, 'minLength 5 > maxLength 2'],
    ['allOf with no common type', { allOf: [{ type: 'string' }, { type: 'integer' }] }, 'no type in common'],
    ['oneOf without a validator', { oneOf: [{ type: 'string' }] }, 'oneOf needs the `validate` option'],
  ])('fails loudly at compile time on %s', (_label, schema, message) => {
    expect(() => arbitraryFor(schema as JsonSchema)).toThrow(UnsupportedSchemaError);
    expect(() => arbitraryFor(schema as JsonSchema)).toThrow(message);
  });

  it('lets overrides replace the schema at an instance location, with * for any key', () => {
    const schema: JsonSchema = {
      type: 'object',
      required: ['a', 'b'],
      properties: { a: { type: 'string' }, b: { type: 'array', minItems: 1, items: { type: 'string' } } },
    };
    const values = fc.sample(
      arbitraryFor(schema, { overrides: { '/a': fc.constant('A'), '/b/*': fc.constant('B') } }),
      50,
    );
    for (const value of values as { a: string; b: string[] }[]) {
      expect(value.a).toBe('A');
      expect(value.b.every((item) => item === 'B')).toBe(true);
    }
  });
});
