import { randomUUID } from 'node:crypto';
import type { MockContext } from './context.ts';
import type { RequestInfo } from './hooks.ts';
import type { RateDecision } from './rate-limit.ts';
import { isPlainObject } from '../spec/index.ts';
import { apiError, type MockResponse } from './responses.ts';

/** An answer as it goes on the wire: status, the headers every CMA response carries, the bytes. */
export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  payload: Buffer;
}

/**
 * The document in the form this server writes, where JSON:API and the docs leave it open: error
 * entries with or without `doc_url`, success documents with or without top-level `jsonapi` and `meta`.
 */
function represented(mock: MockContext, response: MockResponse): MockResponse {
  const { body } = response;
  if (!isPlainObject(body)) return response;
  if (response.status >= 400 && mock.assumptions.errorDocUrl.value === 'omitted' && Array.isArray(body.data)) {
    const data = body.data.map((entry: unknown) => {
      if (!isPlainObject(entry) || !isPlainObject(entry.attributes)) return entry;
      const { doc_url: _omitted, ...attributes } = entry.attributes;
      return { ...entry, attributes };
    });
    return { ...response, body: { ...body, data } };
  }
  if (response.status < 300 && mock.assumptions.responseMembers.value === 'extended')
    return { ...response, body: { jsonapi: { version: '1.0' }, ...body, meta: {} } };
  return response;
}

/** Renders a response with the protocol headers; `undefined` means rate-limited. */
export function wireAnswer(
  mock: MockContext,
  info: RequestInfo,
  response: MockResponse | undefined,
  rate: RateDecision,
  environment: string | string[] | undefined,
): WireAnswer {
  const base = response ?? apiError(429, 'RATE_LIMIT_EXCEEDED', { message: 'too many requests' });
  const final = mock.hooks.respond(info, represented(mock, base));
  const headers: Record<string, string> = {
    'content-type': mock.assumptions.responseContentType.value,
    'cache-control': final.status < 300 ? 'max-age=0, private, must-revalidate' : 'no-cache',
    'x-api-version': '3',
    'x-environment': typeof environment === 'string' && environment !== '' ? environment : 'main',
    'x-request-id': randomUUID(),
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(rate.remaining),
    'access-control-expose-headers': 'x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset',
    ...(response === undefined ? { 'x-ratelimit-reset': String(rate.resetSeconds) } : {}),
    ...final.headers,
  };
  const payload = typeof final.body === 'string' ? final.body : JSON.stringify(final.body);
  return { status: final.status, headers, payload: Buffer.from(payload) };
}
