import type { OperationId } from '../../spec/index.ts';
import { isPlainObject } from '../../spec/index.ts';
import type { CmaRequest } from '../context.ts';
import { apiError, type MockResponse } from '../responses.ts';

export type BodyResult =
  { ok: true; body: Record<string, unknown> } | { ok: false; error: MockResponse; parsed: unknown };

const JSON_MEDIA_TYPES = ['application/json', 'application/vnd.api+json'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses the JSON body, best effort and silently (for faults that inspect refused requests). */
export function parseQuietly(raw: Buffer | undefined): unknown {
  try {
    return raw && raw.length > 0 ? JSON.parse(utf8.decode(raw)) : undefined;
  } catch {
    return undefined;
  }
}

/** Content type, encoding, JSON syntax and the request schema of the operation, in that order. */
export function readBody(request: CmaRequest, operationId: OperationId): BodyResult {
  const { mock, headers, rawBody } = request;
  const mediaType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (!mediaType || !JSON_MEDIA_TYPES.includes(mediaType)) {
    const error = apiError(mock.assumptions.unsupportedContentTypeStatus.value, 'INVALID_CONTENT_TYPE_HEADER', {
      message: `Content-Type must be one of ${JSON_MEDIA_TYPES.join(', ')}`,
    });
    return { ok: false, error, parsed: parseQuietly(rawBody) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(rawBody ?? Buffer.alloc(0)));
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : 'invalid JSON';
    const error = apiError(mock.assumptions.malformedJsonStatus.value, 'INVALID_JSON_BODY', { message });
    return { ok: false, error, parsed: undefined };
  }
  const schema = mock.contract.operation(operationId).requestBody?.get(mediaType);
  if (!schema) throw new Error(`${operationId} takes no body`);
  const found = mock.contract.validate(schema, parsed).issues;
  const issues = mock.hooks.validation(operationId, parsed, found);
  if (issues.length > 0 || !isPlainObject(parsed)) {
    const error = apiError(422, 'INVALID_FORMAT', { messages: issues.map((issue) => issue.message) });
    return { ok: false, error, parsed };
  }
  return { ok: true, body: parsed };
}
