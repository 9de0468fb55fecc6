import type { OperationId } from '../../spec/index.ts';
import { isPlainObject, waiverOf, waives } from '../../spec/index.ts';
import type { CmaRequest } from '../context.ts';
import { apiError, errorFor, type MockResponse } from '../responses.ts';

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
  const { assumptions } = mock;
  const mediaType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (!mediaType || !JSON_MEDIA_TYPES.includes(mediaType)) {
    const error = apiError(assumptions.unsupportedContentTypeStatus.value, 'INVALID_CONTENT_TYPE_HEADER', {
      message: `Content-Type must be one of ${JSON_MEDIA_TYPES.join(', ')}`,
    });
    return { ok: false, error, parsed: parseQuietly(rawBody) };
  }
  let parsed: unknown;
  try {
    const text = utf8.decode(rawBody ?? Buffer.alloc(0));
    // Like a framework that reads an empty body as no parameters at all.
    parsed = text.trim() === '' && assumptions.emptyBody.value === 'empty-document' ? {} : JSON.parse(text);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : 'invalid JSON';
    const error = apiError(assumptions.malformedJsonStatus.value, 'INVALID_JSON_BODY', { message });
    return { ok: false, error, parsed: undefined };
  }
  if (!isPlainObject(parsed)) {
    const error = errorFor(assumptions.nonObjectBody.value, { messages: ['#: the document must be a JSON object.'] });
    return { ok: false, error, parsed };
  }
  const schema = mock.contract.operation(operationId).requestBody?.get(mediaType);
  if (!schema) throw new Error(`${operationId} takes no body`);
  const found = mock.contract.validate(schema, parsed).issues.filter((issue) => {
    const waiver = waiverOf(issue);
    return !(waiver && waives(assumptions[waiver].value));
  });
  const issues = mock.hooks.validation(operationId, parsed, found);
  if (issues.length > 0) {
    const error = errorFor(assumptions.schemaError.value, { messages: issues.map((issue) => issue.message) });
    return { ok: false, error, parsed };
  }
  return { ok: true, body: parsed };
}
