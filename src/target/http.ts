import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Removes what the run owns: still admitted during the cleanup allowance, after the deadline. */
  purpose?: 'cleanup';
  /** A POST that only reads (a GraphQL query): as safe to send again as a GET. */
  repeatable?: true;
  /** Aborts the request, in flight too (the run's deadline). */
  signal?: AbortSignal;
  /** Sent on a connection of its own, opened for it and closed after: no keep-alive state is shared. */
  fresh?: true;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** The target could not be reached, or broke the HTTP exchange (CLI exit code 3). */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export type Send = (request: RawRequest) => Promise<RawResponse>;

export interface HttpLimits {
  /** The whole exchange, headers and body together: a server that trickles its answer is cut off. */
  timeoutMs: number;
  /** Larger answers are refused as they arrive: nothing the token endpoints send comes near. */
  maxBodyBytes: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { timeoutMs: 30_000, maxBodyBytes: 8 * 1024 * 1024 };

// Node's default (16 KiB) refuses answers that HTTP allows; past this, an answer is hostile.
const MAX_HEADER_BYTES = 256 * 1024;

/** The proxy settings of the environment, as curl reads them (the lower-case name wins). */
function proxyOf(env: NodeJS.ProcessEnv): { httpProxy?: string; httpsProxy?: string; noProxy?: string } | undefined {
  const read = (name: string) => env[name.toLowerCase()] || env[name] || undefined;
  const [httpProxy, httpsProxy, noProxy] = [read('HTTP_PROXY'), read('HTTPS_PROXY'), read('NO_PROXY')];
  if (!httpProxy && !httpsProxy) return undefined;
  return {
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
  };
}

/**
 * Keep-alive HTTP over undici, every exchange bounded in time and in size. When the environment
 * names a proxy (HTTP_PROXY, HTTPS_PROXY, and NO_PROXY for exceptions, upper or lower case, as
 * curl reads them), every request goes through it.
 */
export class HttpClient {
  private readonly agent: Dispatcher;
  private readonly proxy: ReturnType<typeof proxyOf>;

  constructor(
    private readonly limits: HttpLimits = DEFAULT_HTTP_LIMITS,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.proxy = proxyOf(env);
    this.agent = this.dispatcher({ keepAliveTimeout: 10_000, connections: 16 });
  }

  private dispatcher(pool: { keepAliveTimeout?: number; connections: number }): Dispatcher {
    const options = {
      ...pool,
      headersTimeout: this.limits.timeoutMs,
      bodyTimeout: this.limits.timeoutMs,
      maxHeaderSize: MAX_HEADER_BYTES,
    };
    return this.proxy ? new EnvHttpProxyAgent({ ...options, ...this.proxy }) : new Agent(options);
  }

  readonly send: Send = async (raw) => {
    // One timer per exchange, cleared when it ends (AbortSignal.timeout would keep each alive for
    // the whole timeout, and AbortSignal.any leaks listeners on a long-lived signal in Node 20).
    const aborter = new AbortController();
    const timer = setTimeout(
      () => aborter.abort(new TransportError(`no complete answer within ${this.limits.timeoutMs} ms`, 'ETIMEOUT')),
      this.limits.timeoutMs,
    );
    const follow = () => aborter.abort(raw.signal?.reason);
    if (raw.signal?.aborted) follow();
    else raw.signal?.addEventListener('abort', follow, { once: true });
    // A dispatcher with no connection yet: the request opens one of its own.
    const own = raw.fresh ? this.dispatcher({ connections: 1 }) : undefined;
    try {
      const response = await request(raw.url, {
        method: raw.method as 'GET',
        headers: raw.headers,
        body: raw.body,
        dispatcher: own ?? this.agent,
        signal: aborter.signal,
      });
      const text = await this.readBody(response.body, `${raw.method} ${raw.url}`);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, text };
    } catch (error) {
      if (error instanceof TransportError && !aborter.signal.aborted) throw error;
      // Why the exchange was aborted (its timeout, the run's deadline) says more than undici's "aborted".
      const cause = aborter.signal.aborted ? (aborter.signal.reason as unknown) : error;
      const code = (cause as { code?: string }).code ?? (cause as { name?: string }).name ?? 'EUNKNOWN';
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new TransportError(`${raw.method} ${raw.url}: ${message}`, code);
    } finally {
      clearTimeout(timer);
      raw.signal?.removeEventListener('abort', follow);
      await own?.destroy();
    }
  };

  private async readBody(body: AsyncIterable<Buffer> & { destroy(): void }, label: string): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > this.limits.maxBodyBytes) {
        body.destroy();
        throw new TransportError(
          `${label}: the answer exceeds ${this.limits.maxBodyBytes} bytes, refused unread`,
          'ERESPONSETOOLARGE',
        );
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
