import { isPlainObject, type JsonSchema } from './json-schema.ts';
import { documentedResponse, type Operation } from './operations.ts';
import type { SchemaValidator } from './validators.ts';

export interface ObservedResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
  bodyIsJson: boolean;
  /** Why a body that may be JSON was not decoded. */
  unreadable?: string;
}

/** Which promise a response breaks: each is its own kind of violation. */
export type ProblemKind = 'server-error' | 'status' | 'content-type' | 'body' | 'header';

export interface ResponseProblem {
  kind: ProblemKind;
  message: string;
}

export interface ConformanceOptions {
  /**
   * Only the statuses and media types the fragment lists. Otherwise (the default) a 4xx the
   * fragment does not list is judged as an error document, and any JSON media type is JSON.
   */
  strict: boolean;
  /** The schema of the CMA's error document. */
  errorDocument: JsonSchema;
}

const JSON_MEDIA_TYPE = /^application\/(?:json|[\w.+-]+\+json)$/;

/** Everything that makes a response disagree with the spec: status, media type, body, headers. */
export function responseProblems(
  validator: SchemaValidator,
  operation: Operation,
  response: ObservedResponse,
  options: ConformanceOptions,
): ResponseProblem[] {
  const { status } = response;
  if (status >= 500) return [{ kind: 'server-error', message: `status ${status}: a server error` }];
  const listed = documentedResponse(operation, status);
  const clientError = status >= 400 && status < 500;
  if (!listed && (options.strict || !clientError)) {
    const statuses = [...operation.responses.keys()].join(', ');
    return [
      { kind: 'status', message: `status ${status} is not documented for ${operation.id} (documented: ${statuses})` },
    ];
  }
  const documented = listed ?? {
    content: new Map([['application/json', options.errorDocument]]),
    headers: new Map<string, { required: boolean; schema: JsonSchema }>(),
  };
  const problems: ResponseProblem[] = [];
  for (const [name, header] of documented.headers) {
    const value = response.headers[name];
    if (value === undefined) {
      if (header.required) problems.push({ kind: 'header', message: `required header ${name} is missing` });
      continue;
    }
    const validation = validator.validate(header.schema, coerceHeader(value, header.schema));
    if (!validation.valid)
      problems.push({ kind: 'header', message: `header ${name}: ${JSON.stringify(value)} does not match its schema` });
  }
  if (documented.content.size === 0) return problems;
  const contentType = response.headers['content-type'];
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const schema =
    documented.content.get(mediaType) ??
    (options.strict || !JSON_MEDIA_TYPE.test(mediaType) ? undefined : documented.content.get('application/json'));
  if (!schema) {
    const expected = options.strict ? [...documented.content.keys()].join(', ') : 'a JSON media type';
    problems.push({ kind: 'content-type', message: `content type ${contentType ?? '(none)'} is not ${expected}` });
    return problems;
  }
  if (!response.bodyIsJson) {
    problems.push({ kind: 'body', message: response.unreadable ?? 'the body is not valid JSON' });
    return problems;
  }
  const validation = validator.validate(schema, response.body);
  problems.push(...validation.issues.map((issue) => ({ kind: 'body' as const, message: `body ${issue.message}` })));
  return problems;
}

// Header values are strings on the wire; compare them as the JSON type their schema declares.
function coerceHeader(value: string, schema: JsonSchema): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

export function isErrorDocument(body: unknown): boolean {
  return isPlainObject(body) && Array.isArray(body.data) && body.data.length > 0;
}
