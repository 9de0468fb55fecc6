import { Agent, request } from 'undici';

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
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

/** Keep-alive HTTP over undici; no request waits longer than `timeoutMs` for headers, nor for the body. */
export class HttpClient {
  private readonly agent: Agent;

  constructor(private readonly timeoutMs = 30_000) {
    this.agent = new Agent({
      keepAliveTimeout: 10_000,
      connections: 16,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  readonly send: Send = async (raw) => {
    try {
      const response = await request(raw.url, {
        method: raw.method as 'GET',
        headers: raw.headers,
        body: raw.body,
        dispatcher: this.agent,
      });
      const text = await response.body.text();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, text };
    } catch (error) {
      const code = (error as { code?: string; name?: string }).code ?? (error as { name?: string }).name ?? 'EUNKNOWN';
      const message = error instanceof Error ? error.message : String(error);
      throw new TransportError(`${raw.method} ${raw.url}: ${message}`, code);
    }
  };

  close(): Promise<void> {
    return this.agent.close();
  }
}
