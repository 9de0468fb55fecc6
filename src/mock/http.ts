import fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { maxHeaderSize } from 'node:http';
import type { MockContext } from './context.ts';
import type { RequestInfo } from './hooks.ts';
import type { RateDecision } from './rate-limit.ts';
import { rawAnswers, serveExpectations } from './raw-http.ts';
import { apiError, errorFor, type MockResponse } from './responses.ts';
import type { TokenRecord } from './store.ts';
import { wireAnswer } from './wire.ts';

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
  const raw = rawAnswers(mock, surface);
  const app = fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    exposeHeadRoutes: false,
    // Fastify's own 503 is no CMA document; close() cuts the connections anyway.
    return503OnClosing: false,
    forceCloseConnections: true,
    // Like the Rails app server behind the CMA, which serves an HTTP/1.1 request without a Host.
    http: { requireHostHeader: false },
    routerOptions: {
      // Like the Rails router behind the CMA: /access_tokens/ is /access_tokens.
      ignoreTrailingSlash: true,
      // An id is as long as the request line allows: a long one is an unknown id, as on Rails.
      maxParamLength: maxHeaderSize,
    },
    frameworkErrors: (error, req, res) => refuse(error, req, res),
    clientErrorHandler: raw.clientError,
  });
  app.server.on('connect', raw.connect);
  serveExpectations(app.server);
  app.addHook('onRequest', async (req, res) => raw.track(req.raw, res.raw));
  // Bodies reach the routes raw: the mock checks them itself, in the CMA's order, against the spec.
  // Fastify would refuse a malformed Content-Type before any route runs, so it never sees the header.
  app.addHook('onRequest', async (req) => {
    contentTypes.set(req, req.headers['content-type']);
    delete req.headers['content-type'];
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const unknownEndpoint = (req: FastifyRequest, res: FastifyReply) => {
    const limited = mock.limiter.take(Date.now());
    const response = limited.allowed ? apiError(404, 'INVALID_ENDPOINT') : undefined;
    return reply(res, mock, requestInfo(req, surface, undefined), response, limited);
  };
  const refuse = (error: RefusedError, req: FastifyRequest, res: FastifyReply) => {
    // Fastify refuses a QUERY without Content-Type before routing it, and the mock routes no QUERY.
    if (error.code === 'FST_ERR_ROUTE_MISSING_CONTENT_TYPE') return unknownEndpoint(req, res);
    const limited = mock.limiter.take(Date.now());
    return reply(res, mock, requestInfo(req, surface, undefined), refusal(mock, error), limited);
  };
  app.setNotFoundHandler(unknownEndpoint);
  app.setErrorHandler(refuse);
  return app;
}

/** An error fastify raised, or one a route threw (which has no code). */
interface RefusedError {
  code?: string;
  statusCode?: number;
  message: string;
}

function refusal(mock: MockContext, error: RefusedError): MockResponse {
  const { code = '', statusCode = 500 } = error;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return errorFor(mock.assumptions.payloadTooLarge.value, { message: `the body exceeds ${BODY_LIMIT_BYTES} bytes` });
  }
  if (code.startsWith('FST_ERR_CTP')) {
    return apiError(mock.assumptions.malformedJsonStatus.value, 'INVALID_JSON_BODY', { message: error.message });
  }
  // Fastify's message quotes the path; the error id stays the same for every bad path.
  if (code === 'FST_ERR_BAD_URL')
    return apiError(400, 'INVALID_REQUEST', { message: 'the path is not a valid URL path' });
  // The framework's other refusals are the client's doing, and keep their status.
  if (code.startsWith('FST_ERR') && statusCode >= 400 && statusCode < 500) {
    return apiError(statusCode, 'INVALID_REQUEST', { message: error.message });
  }
  return apiError(500, 'INTERNAL_SERVER_ERROR', { message: 'unexpected error in the mock' });
}

export function requestInfo(
  req: FastifyRequest,
  surface: RequestInfo['surface'],
  caller: TokenRecord | undefined,
): RequestInfo {
  const bodyText = req.body instanceof Buffer ? req.body.toString('utf8') : '';
  return { method: req.method, path: req.url.split('?')[0] ?? req.url, bodyText, caller, surface };
}

/** Sends a response with the headers every CMA response carries; `undefined` means rate-limited. */
export function reply(
  res: FastifyReply,
  mock: MockContext,
  info: RequestInfo,
  response: MockResponse | undefined,
  rate: RateDecision,
): FastifyReply {
  const { status, headers, payload } = wireAnswer(mock, info, response, rate, res.request.headers['x-environment']);
  // A buffer, so that the framework sends the content type as it is (it adds a charset to strings).
  return res.status(status).headers(headers).send(payload);
}
