import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './json-schema.ts';

export interface SchemaIssue {
  /** JSON pointer into the validated value, e.g. `/data/attributes`. */
  pointer: string;
  keyword: string;
  /** The key an `additionalProperties` or `required` issue is about. */
  property?: string;
  /** In the style of the CMA's INVALID_FORMAT messages: `#/data/attributes: "token" is not a permitted key.` */
  message: string;
}

export interface Validation {
  valid: boolean;
  issues: SchemaIssue[];
}

// OpenAPI annotations that are not JSON Schema keywords; strict mode rejects anything else unknown.
const OPENAPI_ANNOTATIONS = ['example', 'discriminator', 'xml', 'externalDocs'];

/** One ajv instance per contract; each schema object is compiled once and cached. */
export class SchemaValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  private readonly compiled = new WeakMap<JsonSchema, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
    for (const keyword of OPENAPI_ANNOTATIONS) this.ajv.addKeyword({ keyword });
  }

  compile(schema: JsonSchema): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  validate(schema: JsonSchema, value: unknown): Validation {
    const validate = this.compile(schema);
    if (validate(value)) return { valid: true, issues: [] };
    return { valid: false, issues: simplify(validate.errors ?? []).map((e) => toIssue(e, value)) };
  }
}

// oneOf/anyOf failures repeat every branch's errors; keep the summary line only.
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  return errors.filter(
    (e) =>
      !combinators.some((c) => c !== e && e.schemaPath.startsWith(c.schemaPath.replace(/\/(oneOf|anyOf)$/, '/$1/'))),
  );
}

function toIssue(error: ErrorObject, root: unknown): SchemaIssue {
  const pointer = error.instancePath;
  const params = error.params as { additionalProperty?: string; missingProperty?: string };
  const property = params.additionalProperty ?? params.missingProperty;
  return {
    pointer,
    keyword: error.keyword,
    ...(property === undefined ? {} : { property }),
    message: `#${pointer}: ${describe(error, valueAt(root, pointer))}`,
  };
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function describe(error: ErrorObject, value: unknown): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `"${String(params.additionalProperty)}" is not a permitted key.`;
    case 'required':
      return `"${String(params.missingProperty)}" wasn't supplied.`;
    case 'type':
      return `expected ${String(params.type)}, got ${jsonTypeOf(value)}.`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}.`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    default:
      return `${error.message ?? error.keyword}.`;
  }
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
