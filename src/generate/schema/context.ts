import type fc from 'fast-check';
import type { JsonSchema } from '../../spec/index.ts';

/** Options of the schema compiler. */
export interface CompileOptions {
  /** Arbitraries that replace the schema at an instance location (a JSON pointer; `*` matches any key or index). */
  overrides?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** Upper bound for strings and arrays the schema leaves unbounded. */
  maxLength?: number;
  /** Checks a value against a schema; needed for `oneOf` (exactly one branch must match). */
  validate?: (schema: JsonSchema, value: unknown) => boolean;
}

/** Where the compiler is, in the schema and in the generated instance. */
export interface CompileContext {
  readonly options: Required<Pick<CompileOptions, 'maxLength'>> & CompileOptions;
  /** JSON pointer into the schema, for error messages. */
  readonly schemaPath: string;
  /** JSON pointer segments of the instance location, for overrides. */
  readonly instancePath: readonly string[];
}

export class UnsupportedSchemaError extends Error {
  override readonly name = 'UnsupportedSchemaError';
  constructor(
    readonly schemaPath: string,
    message: string,
  ) {
    super(`${schemaPath || '#'}: ${message}`);
  }
}

export const child = (ctx: CompileContext, schemaSegment: string, instanceSegment?: string): CompileContext => ({
  options: ctx.options,
  schemaPath: `${ctx.schemaPath}/${schemaSegment}`,
  instancePath: instanceSegment === undefined ? ctx.instancePath : [...ctx.instancePath, instanceSegment],
});

/** The override registered for this instance location, if any. */
export function overrideAt(ctx: CompileContext): fc.Arbitrary<unknown> | undefined {
  const overrides = ctx.options.overrides;
  if (!overrides) return undefined;
  const here = ctx.instancePath;
  for (const [pointer, arbitrary] of Object.entries(overrides)) {
    const segments = pointer.split('/').slice(1);
    if (segments.length === here.length && segments.every((s, i) => s === '*' || s === here[i])) return arbitrary;
  }
  return undefined;
}
