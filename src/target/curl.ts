import type { Exchange } from './types.ts';

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

// Headers a reader needs to reproduce the request; the rest (user agent, host…) is noise.
const KEPT_HEADERS = ['accept', 'content-type', 'x-api-version', 'x-environment', 'x-include-drafts'];

/**
 * A curl line that reproduces a recorded request. The credential is an environment variable:
 * `$DATOCMS_API_TOKEN` for the suite's own, `$TOKEN_<id>` for a token of the run.
 */
export function curlLine(exchange: Exchange): string {
  const { request } = exchange;
  const parts = ['curl', '-sS', '-X', request.method, quote(request.url)];
  const credential = exchange.credential;
  if (credential === 'admin') parts.push('-H', '"Authorization: Bearer $DATOCMS_API_TOKEN"');
  else if (credential.startsWith('token ')) parts.push('-H', `"Authorization: Bearer $TOKEN_${credential.slice(6)}"`);
  else if (credential === 'invalid credential')
    parts.push('-H', quote('Authorization: Bearer 0000000000000000000000000000000000000000'));
  for (const name of KEPT_HEADERS) {
    const value = request.headers[name];
    if (value !== undefined) parts.push('-H', quote(`${name}: ${value}`));
  }
  if (request.body !== undefined) {
    parts.push('--data-binary', quote(typeof request.body === 'string' ? request.body : JSON.stringify(request.body)));
  }
  return parts.join(' ');
}
