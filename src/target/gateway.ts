import { createHash } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway, GatewayObjection } from './types.ts';

/** A stand-in of the same shape (lowercase hex, same length), stable per secret. */
const standIn = (secret: string) =>
  createHash('sha256').update(`token-contract:${secret}`).digest('hex').repeat(2).slice(0, secret.length);

export interface GatewayHooks {
  /** The Authorization header for a request that carried `reference` (`token-<id>`, or none). */
  sign(reference: string | undefined): string | undefined;
  /** Why a request may not pass (a write to what the run does not own), if so. */
  refusal(method: string, path: string): string | undefined;
  /** Learns the secrets of an answer, and gives every secret known so far. */
  secretsAfter(text: string): readonly string[];
  /** Why the client must not see this answer (the write it answers broke a promise), if so. */
  objection(method: string, path: string, status: number): Promise<GatewayObjection | undefined>;
}

/**
 * A 502 in the shape of a DatoCMS error document, under token-contract's own code: nobody may
 * take it for the provider's answer. The code is in the id too, which a Pact mismatch quotes.
 */
function answerWithObjection(outgoing: ServerResponse, objection: GatewayObjection): void {
  const document = {
    data: [
      {
        id: `token-contract:${objection.code}`,
        type: 'api_error',
        attributes: { code: objection.code, details: { message: objection.message } },
      },
    ],
  };
  outgoing.writeHead(502, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(document));
}

/**
 * A reverse proxy between a client that sends its own requests and the CMA (see Gateway): the
 * credential is added here, and every secret in an answer is replaced before the client sees it,
 * so that nothing the client reports or publishes (a Pact mismatch) can carry one.
 */
export async function openGateway(upstream: string, hooks: GatewayHooks): Promise<Gateway> {
  const target = new URL(upstream);
  const server = createServer((incoming, outgoing) => {
    const method = incoming.method ?? 'GET';
    const path = (incoming.url ?? '/').split('?')[0] as string;
    const refused = hooks.refusal(method, path);
    if (refused) {
      outgoing.writeHead(403, { 'content-type': 'text/plain' }).end(refused);
      incoming.resume();
      return;
    }
    const reference = /^Bearer (token-.+)$/.exec(incoming.headers.authorization ?? '')?.[1];
    const { authorization: _sent, ...headers } = incoming.headers;
    const signed = hooks.sign(reference);
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path: incoming.url,
        headers: { ...headers, host: target.host, ...(signed ? { authorization: signed } : {}) },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const secrets = hooks.secretsAfter(Buffer.concat(chunks).toString('utf8'));
          const hidden = (value: string) =>
            secrets.reduce((out, secret) => out.split(secret).join(standIn(secret)), value);
          const text = hidden(Buffer.concat(chunks).toString('utf8'));
          // A proxy may echo the request's Authorization in a header: headers are answers too.
          const replyHeaders: IncomingHttpHeaders = {
            ...Object.fromEntries(
              Object.entries(answer.headers).map(([name, value]) => [
                name,
                Array.isArray(value) ? value.map(hidden) : value === undefined ? value : hidden(value),
              ]),
            ),
            'content-length': String(Buffer.byteLength(text)),
          };
          delete replyHeaders['transfer-encoding'];
          const status = answer.statusCode ?? 502;
          hooks.objection(method, path, status).then(
            (objection) =>
              objection ? answerWithObjection(outgoing, objection) : outgoing.writeHead(status, replyHeaders).end(text),
            (error: unknown) =>
              answerWithObjection(outgoing, {
                code: 'TOKEN_CONTRACT_GATEWAY_ERROR',
                message: `could not check the answer: ${String(error)}`,
              }),
          );
        });
      },
    );
    forward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
