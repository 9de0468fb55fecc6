import type { OpenAPIV3_1 } from 'openapi-types';
import type { JsonSchema } from './json-schema.ts';

export type Api = 'cma' | 'cda';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ResponseSpec {
  /** Media type (without parameters) → schema. Empty when the response has no body. */
  content: Map<string, JsonSchema>;
  headers: Map<string, { required: boolean; schema: JsonSchema }>;
}

export interface Operation {
  id: string;
  api: Api;
  method: HttpMethod;
  pathTemplate: string;
  summary: string;
  description: string;
  docUrl: string | undefined;
  /** Media type → schema; undefined when the operation takes no body. */
  requestBody: Map<string, JsonSchema> | undefined;
  /** Status ("200", "4XX", "default") → response. */
  responses: Map<string, ResponseSpec>;
  /** The request examples, by name (for the example-validation test and Pact). */
  requestExamples: Map<string, unknown>;
  responseExamples: Map<string, { status: string; value: unknown }>;
}

const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

// The document is already dereferenced: every ReferenceObject has been replaced by its target.
type Deref<T> = Exclude<T, OpenAPIV3_1.ReferenceObject>;

export function collectOperations(api: Api, document: OpenAPIV3_1.Document): Operation[] {
  const operations: Operation[] = [];
  for (const [pathTemplate, item] of Object.entries(document.paths ?? {})) {
    if (!item) continue;
    for (const method of METHODS) {
      const op = item[method.toLowerCase() as OpenAPIV3_1.HttpMethods];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method} ${pathTemplate} has no operationId`);
      operations.push(toOperation(api, method, pathTemplate, op));
    }
  }
  return operations;
}

function toOperation(api: Api, method: HttpMethod, pathTemplate: string, op: OpenAPIV3_1.OperationObject): Operation {
  const requestExamples = new Map<string, unknown>();
  const responseExamples = new Map<string, { status: string; value: unknown }>();
  const body = op.requestBody as Deref<OpenAPIV3_1.OperationObject['requestBody']>;
  let requestBody: Map<string, JsonSchema> | undefined;
  if (body) {
    requestBody = new Map();
    for (const [mediaType, media] of Object.entries(body.content)) {
      requestBody.set(mediaType, media.schema as JsonSchema);
      for (const [name, example] of Object.entries(media.examples ?? {})) {
        requestExamples.set(name, (example as OpenAPIV3_1.ExampleObject).value);
      }
    }
  }
  const responses = new Map<string, ResponseSpec>();
  for (const [status, raw] of Object.entries(op.responses ?? {})) {
    const response = raw as Deref<typeof raw>;
    const content = new Map<string, JsonSchema>();
    for (const [mediaType, media] of Object.entries(response.content ?? {})) {
      content.set(mediaType, media.schema as JsonSchema);
      for (const [name, example] of Object.entries(media.examples ?? {})) {
        responseExamples.set(name, { status, value: (example as OpenAPIV3_1.ExampleObject).value });
      }
    }
    const headers = new Map<string, { required: boolean; schema: JsonSchema }>();
    for (const [name, rawHeader] of Object.entries(response.headers ?? {})) {
      const header = rawHeader as Deref<typeof rawHeader>;
      headers.set(name.toLowerCase(), { required: header.required ?? false, schema: header.schema as JsonSchema });
    }
    responses.set(status, { content, headers });
  }
  return {
    id: op.operationId as string,
    api,
    method,
    pathTemplate,
    summary: op.summary ?? '',
    description: op.description ?? '',
    docUrl: op.externalDocs?.url,
    requestBody,
    responses,
    requestExamples,
    responseExamples,
  };
}

/** The documented response for a status: exact, then `4XX`-style ranges, then `default`. */
export function documentedResponse(operation: Operation, status: number): ResponseSpec | undefined {
  return (
    operation.responses.get(String(status)) ??
    operation.responses.get(`${String(status)[0]}XX`) ??
    operation.responses.get('default')
  );
}

/** `/access_tokens/{access_token_id}` → a matcher returning the path parameters. */
export function pathMatcher(template: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${source}$`);
  return (path) => {
    const match = regex.exec(path);
    if (!match) return undefined;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
  };
}
