import { isPlainObject, type JsonSchema } from './json-schema.ts';
import { documentedResponse, type Operation } from './operations.ts';
import type { SchemaValidator } from './validators.ts';

export interface ObservedResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
  bodyIsJson: boolean;
}

/** Everything that makes a response disagree with the spec: status, media type, body, headers. */
export function responseProblems(
  validator: SchemaValidator,
  operation: Operation,
  response: ObservedResponse,
): string[] {
  const documented = documentedResponse(operation, response.status);
  if (!documented) {
    const statuses = [...operation.responses.keys()].join(', ');
    return [`status ${response.status} is not documented for ${operation.id} (documented: ${statuses})`];
  }
  const problems: string[] = [];
  for (const [name, header] of documented.headers) {
    const value = response.headers[name];
    if (value === undefined) {
      if (header.required) problems.push(`required header ${name} is missing`);
      continue;
    }
    const validation = validator.validate(header.schema, coerceHeader(value, header.schema));
    if (!validation.valid) problems.push(`header ${name}: ${JSON.stringify(value)} does not match its schema`);
  }
  if (documented.content.size === 0) return problems;
  const contentType = response.headers['content-type'];
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  const schema = mediaType ? documented.content.get(mediaType) : undefined;
  if (!schema) {
    problems.push(
      `content type ${contentType ?? '(none)'} is not documented for ${response.status} (documented: ${[...documented.content.keys()].join(', ')})`,
    );
    return problems;
  }
  if (!response.bodyIsJson) {
    problems.push(`the body is not valid JSON`);
    return problems;
  }
  const validation = validator.validate(schema, response.body);
  problems.push(...validation.issues.map((issue) => `body ${issue.message}`));
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
