export { arbitraryFor } from './compile.ts';
export { UnsupportedSchemaError, type CompileOptions } from './context.ts';
