import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { JsonSchema } from './json-schema.ts';
import { collectOperations, pathMatcher, type Api, type HttpMethod, type Operation } from './operations.ts';
import { responseProblems, type ObservedResponse, type ResponseProblem } from './conformance.ts';
import { packageFile } from './package-files.ts';
import { SchemaValidator, type Validation } from './validators.ts';

export * from './assumptions.ts';
export * from './names.ts';
export * from './package-files.ts';
export * from './sources.ts';
export * from './update-body.ts';
export * from './errors.ts';
export * from './fault-names.ts';
export * from './json-schema.ts';
export * from './resources.ts';
export type { Api, HttpMethod, Operation, ResponseSpec } from './operations.ts';
export { documentedResponse, pathMatcher } from './operations.ts';
export type { ObservedResponse, ProblemKind, ResponseProblem } from './conformance.ts';
export type { SchemaIssue, Validation } from './validators.ts';
export { jsonTypeOf } from './validators.ts';

/** The operations the suite knows by name; loading fails if the documents disagree. */
export const OPERATION_IDS = [
  'listAccessTokens',
  'createAccessToken',
  'findAccessToken',
  'updateAccessToken',
  'destroyAccessToken',
  'regenerateAccessToken',
  'findMe',
  'findSite',
  'listRoles',
  'createRole',
  'findRole',
  'destroyRole',
  'executeQuery',
] as const;
export type OperationId = (typeof OPERATION_IDS)[number];

export const SPEC_FILES: Record<Api, string> = {
  cma: packageFile('spec/cma.openapi.yaml'),
  cda: packageFile('spec/cda.openapi.yaml'),
};

export interface Contract {
  readonly documents: Record<Api, OpenAPIV3_1.Document>;
  readonly operations: ReadonlyMap<OperationId, Operation>;
  operation(id: OperationId): Operation;
  /** The operation a request addresses, with its path parameters. */
  match(api: Api, method: string, path: string): { operation: Operation; params: Record<string, string> } | undefined;
  /** A named schema of `components.schemas`, dereferenced. */
  schema(name: string, api?: Api): JsonSchema;
  validate(schema: JsonSchema, value: unknown): Validation;
  /**
   * Problems of a response against its operation's documented responses ([] = conforms); `strict`:
   * only the statuses and media types the fragment lists.
   */
  responseProblems(operationId: OperationId, response: ObservedResponse, strict?: boolean): ResponseProblem[];
}

/**
 * Parses and dereferences one of the package's documents. They are checked against the OpenAPI 3.1
 * schema by the tests, not here: that check compiles the whole meta-schema, half a second on every
 * start, for files a user cannot change.
 */
async function readDocument(file: string): Promise<OpenAPIV3_1.Document> {
  return (await SwaggerParser.dereference(file)) as OpenAPIV3_1.Document;
}

let cached: Promise<Contract> | undefined;

/** The contract of this process: loaded and compiled once. */
export function loadContract(): Promise<Contract> {
  cached ??= buildContract();
  return cached;
}

async function buildContract(): Promise<Contract> {
  const documents = { cma: await readDocument(SPEC_FILES.cma), cda: await readDocument(SPEC_FILES.cda) };
  const validator = new SchemaValidator();
  const all = [...collectOperations('cma', documents.cma), ...collectOperations('cda', documents.cda)];
  const operations = new Map<OperationId, Operation>();
  for (const op of all) {
    if (!(OPERATION_IDS as readonly string[]).includes(op.id)) throw new Error(`unexpected operation ${op.id}`);
    operations.set(op.id as OperationId, op);
  }
  for (const id of OPERATION_IDS) if (!operations.has(id)) throw new Error(`the spec lacks operation ${id}`);
  const matchers = all.map((op) => ({ op, match: pathMatcher(op.pathTemplate) }));

  const contract: Contract = {
    documents,
    operations,
    operation(id) {
      return operations.get(id) as Operation;
    },
    match(api, method, path) {
      for (const { op, match } of matchers) {
        if (op.api !== api || op.method !== (method.toUpperCase() as HttpMethod)) continue;
        const params = match(path);
        if (params) return { operation: op, params };
      }
      return undefined;
    },
    schema(name, api = 'cma') {
      const schema = documents[api].components?.schemas?.[name];
      if (!schema) throw new Error(`no schema ${name} in the ${api} document`);
      return schema as JsonSchema;
    },
    validate: (schema, value) => validator.validate(schema, value),
    responseProblems: (id, response, strict = false) =>
      responseProblems(validator, contract.operation(id), response, {
        strict,
        errorDocument: contract.schema('ApiErrorDocument', contract.operation(id).api),
      }),
  };
  // Compile every schema now, so a broken one fails at load time and no run pays for compilation.
  for (const op of all) {
    for (const schema of op.requestBody?.values() ?? []) validator.compile(schema);
    for (const response of op.responses.values())
      for (const schema of response.content.values()) validator.compile(schema);
  }
  return contract;
}
