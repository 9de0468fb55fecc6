import { createHash } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPlainObject } from '../../src/spec/index.ts';

/** A stand-in of the same shape (lowercase hex, same length), stable per secret. */
const stand_in = (secret: string) =>
  createHash('sha256').update(`token-contract:${secret}`).digest('hex').repeat(2).slice(0, secret.length);

function secretsIn(body: unknown): string[] {
  if (!isPlainObject(body)) return [];
  const resources = Array.isArray(body.data) ? body.data : [body.data];
  return resources.flatMap((r) =>
    isPlainObject(r) && isPlainObject(r.attributes) && typeof r.attributes.token === 'string'
      ? [r.attributes.token]
      : [],
  );
}

/**
 * A reverse proxy between the Pact verifier and the provider: it replaces every secret in a
 * response (each `attributes.token`, wherever else it appears) by a stand-in of the same shape.
 * The verifier compares and reports — and publishes to the broker — only what it sees, so no
 * secret can reach a mismatch report.
 */
export async function redactingProxy(upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const server = createServer((incoming, outgoing) => {
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let text = Buffer.concat(chunks).toString('utf8');
          try {
            for (const secret of secretsIn(JSON.parse(text))) text = text.split(secret).join(stand_in(secret));
          } catch {
            // Not JSON: nothing of ours to redact.
          }
          const headers: IncomingHttpHeaders = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) };
          delete headers['transfer-encoding'];
          outgoing.writeHead(answer.statusCode ?? 502, headers).end(text);
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
