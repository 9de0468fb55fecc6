import type { ConnectionError } from 'fastify';
import { maxHeaderSize, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { finished, type Duplex } from 'node:stream';
import type { MockContext } from './context.ts';
import type { RequestInfo } from './hooks.ts';
import { apiError, type MockResponse } from './responses.ts';
import { wireAnswer } from './wire.ts';

// What node's HTTP parser refuses, and CONNECT, which node hands over as a bare socket, never reach
// fastify: these answers are written on the socket itself, in the form of every other answer.

/** How long a refused connection goes on draining what the client still sends before it is cut. */
const LINGER_MS = 1000;

export interface RawAnswers {
  /** Remembers a connection's responses in flight, so that a refusal of what follows them comes after them. */
  track(req: IncomingMessage, res: ServerResponse): void;
  /** Answers bytes node cannot parse as an HTTP request (fastify's `clientErrorHandler`). */
  clientError(error: ConnectionError, socket: Duplex): void;
  /** Answers CONNECT like any method the API does not route (the server's `connect` event). */
  connect(req: IncomingMessage, socket: Duplex): void;
}

export function rawAnswers(mock: MockContext, surface: RequestInfo['surface']): RawAnswers {
  const inFlight = new WeakMap<Duplex, { req: IncomingMessage; res: ServerResponse }[]>();
  const refused = new WeakSet<Duplex>();
  /** What the fault hooks learn of a request fastify never saw (nothing, when the parser refused it). */
  const infoOf = (req: IncomingMessage | undefined): RequestInfo => ({
    method: req?.method ?? '',
    path: req?.url ?? '',
    bodyText: '',
    caller: undefined,
    surface,
  });

  function write(socket: Duplex, info: RequestInfo, response: MockResponse, environment?: string | string[]): void {
    if (!socket.writable) return;
    const { status, headers, payload } = wireAnswer(mock, info, response, mock.limiter.take(Date.now()), environment);
    const fields = {
      ...headers,
      date: new Date().toUTCString(),
      connection: 'close',
      'content-length': payload.length,
    };
    const head = Object.entries(fields).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.end(
      Buffer.concat([Buffer.from(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head.join('')}\r\n`), payload]),
    );
    // Closing with unread input resets the connection, and the reset can reach the client before it
    // has read the answer: read and drop what is still coming for a while (a lingering close).
    socket.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  }

  /** One answer per refused connection, after the answers to the requests pipelined before it. */
  function refuse(socket: Duplex, info: RequestInfo, response: MockResponse, environment?: string | string[]): void {
    // The parser goes on refusing every chunk that arrives after the first bad byte.
    if (refused.has(socket)) return;
    refused.add(socket);
    // Responses go out in the order of the requests, so waiting for the last one waits for them all.
    // The request the parser was reading when it failed is not complete: it gets this answer only.
    const last = inFlight.get(socket)?.findLast(({ req, res }) => req.complete && !res.writableFinished);
    if (last) finished(last.res, () => write(socket, info, response, environment));
    else write(socket, info, response, environment);
  }

  /**
   * A client that half-closes in the middle of a body gets an answer. Node's parser refuses the
   * truncated body, except after `Connection: Upgrade`: then node ends the connection unanswered.
   */
  function hungUp(socket: Duplex): void {
    const reading = inFlight.get(socket)?.find(({ req }) => !req.complete)?.req;
    if (!reading) return;
    const response = apiError(400, 'INVALID_REQUEST', { message: 'the connection ended in the middle of the body' });
    refuse(socket, infoOf(reading), response, reading.headers['x-environment']);
  }

  return {
    track(req, res) {
      if (!inFlight.has(req.socket)) req.socket.prependOnceListener('end', () => hungUp(req.socket));
      const pending = inFlight.get(req.socket)?.filter((exchange) => !exchange.res.writableFinished) ?? [];
      inFlight.set(req.socket, [...pending, { req, res }]);
    },
    clientError: (error, socket) => refuse(socket, infoOf(undefined), refusal(error)),
    connect: (req, socket) =>
      refuse(socket, infoOf(req), apiError(404, 'INVALID_ENDPOINT'), req.headers['x-environment']),
  };
}

function refusal(error: ConnectionError): MockResponse {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return apiError(431, 'INVALID_REQUEST', { message: `the request line and headers exceed ${maxHeaderSize} bytes` });
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return apiError(408, 'INVALID_REQUEST', { message: 'the request did not arrive in time' });
  }
  // Node's reason names the broken part ("Invalid method encountered", "Invalid header value char").
  return apiError(400, 'INVALID_REQUEST', { message: error.message });
}

/** Serves requests that carry `Expect`, like any other. */
export function serveExpectations(server: Server): void {
  // Node writes "100 Continue" into the buffer of a response still queued behind a pipelined one,
  // where it lands between the headers and the body of the answer: it goes out only once the
  // response has the connection, and not at all when the answer is ready by then.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (res.socket) res.writeContinue();
    else res.once('socket', () => res.headersSent || res.writeContinue());
    server.emit('request', req, res);
  });
  // Rails ignores an expectation it does not know; node would answer a bare 417.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => server.emit('request', req, res));
}
