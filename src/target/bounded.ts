import type { Exchange } from './types.ts';

/** What a report keeps of one body, and of one header value: enough to read, never a 50 MB file. */
export const RECORDED_BODY_CHARS = 64 * 1024;
export const RECORDED_HEADER_CHARS = 8 * 1024;

const cut = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max)}… [cut: ${text.length} characters in all]`;

function boundedHeaders(headers: Record<string, string>): Record<string, string> {
  const long = Object.values(headers).some((value) => value.length > RECORDED_HEADER_CHARS);
  if (!long) return headers;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, cut(value, RECORDED_HEADER_CHARS)]));
}

/** An exchange as a report keeps it: a body or header value past its cap is cut, with a marker and its full size. */
export function boundedExchange(exchange: Exchange): Exchange {
  const { response } = exchange;
  const text = response.bodyIsJson ? (JSON.stringify(response.body) ?? '') : String(response.body);
  const tooLong = text.length > RECORDED_BODY_CHARS;
  return {
    ...exchange,
    request: { ...exchange.request, headers: boundedHeaders(exchange.request.headers) },
    response: {
      ...response,
      headers: boundedHeaders(response.headers),
      ...(tooLong ? { body: cut(text, RECORDED_BODY_CHARS), bodyIsJson: false } : {}),
    },
  };
}
