import fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { MockContext } from './context.ts';
import type { RequestInfo } from './hooks.ts';
import type { RateDecision } from './rate-limit.ts';
import { isPlainObject } from '../spec/index.ts';
import { apiError, errorFor, type MockResponse } from './responses.ts';
import type { TokenRecord } from './store.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;

const contentTypes = new WeakMap<FastifyRequest, string | undefined>();

/** The request's Content-Type header as the client sent it. */
export const requestContentType = (req: FastifyRequest): string | undefined => contentTypes.get(req);

export type Handler = (
  req: FastifyRequest,
  now: number,
) => Promise<{ response: MockResponse; caller: TokenRecord | undefined }>;

/** A fastify app that hands raw bodies to the routes and answers every failure as a JSON:API error. */
export function createApp(mock: MockContext, surface: RequestInfo['surface']): FastifyInstance {
  const app = fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    forceCloseConnections: true,
    // Like the Rails router behind the CMA: /access_tokens/ is /access_tokens.
    routerOptions: { ignoreTrailingSlash: true },
  });
  // Bodies reach the routes raw: the mock checks them itself, in the CMA's order, against the spec.
  // Fastify would refuse a malformed Content-Type before any route runs, so it never sees the header.
  app.addHook('onRequest', async (req) => {
    contentTypes.set(req, req.headers['content-type']);
    delete req.headers['content-type'];
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.setNotFoundHandler((req, res) => {
    const limited = mock.limiter.take(Date.now());
    const response = limited.allowed ? apiError(404, 'INVALID_ENDPOINT') : undefined;
    return reply(res, mock, requestInfo(req, surface, undefined), response, limited);
  });
  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, req, res) => {
    const response =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? errorFor(mock.assumptions.payloadTooLarge.value, { message: `the body exceeds ${BODY_LIMIT_BYTES} bytes` })
        : error.code?.startsWith('FST_ERR_CTP')
          ? apiError(mock.assumptions.malformedJsonStatus.value, 'INVALID_JSON_BODY', { message: error.message })
          : apiError(500, 'INTERNAL_SERVER_ERROR', { message: 'unexpected error in the mock' });
    const limited = mock.limiter.take(Date.now());
    return reply(res, mock, requestInfo(req, surface, undefined), response, limited);
  });
  return app;
}

export function requestInfo(
  req: FastifyRequest,
  surface: RequestInfo['surface'],
  caller: TokenRecord | undefined,
): RequestInfo {
  const bodyText = req.body instanceof Buffer ? req.body.toString('utf8') : '';
  return { method: req.method, path: req.url.split('?')[0] ?? req.url, bodyText, caller, surface };
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

/** Sends a response with the headers every CMA response carries; `undefined` means rate-limited. */
export function reply(
  res: FastifyReply,
  mock: MockContext,
  info: RequestInfo,
  response: MockResponse | undefined,
  rate: RateDecision,
): FastifyReply {
  const base = response ?? apiError(429, 'RATE_LIMIT_EXCEEDED', { message: 'too many requests' });
  const final = mock.hooks.respond(info, represented(mock, base));
  const environment = res.request.headers['x-environment'];
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
  // A buffer, so that the framework sends the content type as it is (it adds a charset to strings).
  return res.status(final.status).headers(headers).send(Buffer.from(payload));
}
