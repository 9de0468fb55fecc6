import type { Exchange, TargetInfo } from './types.ts';

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

// Headers a reader needs to reproduce the request; the rest (user agent, host…) is noise.
const KEPT_HEADERS = ['accept', 'content-type', 'x-api-version', 'x-environment', 'x-include-drafts'];

/** The variables a user sets for a staging run (README): the curl lines name them instead of the run's URLs. */
const CURL_VARIABLES = {
  cma: '$DATOCMS_CMA_URL',
  cda: '$DATOCMS_CDA_URL',
  token: '$DATOCMS_API_TOKEN',
} as const;

/** The URL as the user's variable and the rest of it, when it lies under the base URL the run used. */
function urlWords(url: string, api: Exchange['api'], bases: Pick<TargetInfo, 'cmaUrl' | 'cdaUrl'>): string {
  const base = api === 'cda' ? bases.cdaUrl : bases.cmaUrl;
  const rest = url.startsWith(base) ? url.slice(base.length) : undefined;
  if (rest === undefined || !/^([/?]|$)/.test(rest)) return quote(url);
  return `"${CURL_VARIABLES[api]}"${rest === '' ? '' : quote(rest)}`;
}

/**
 * A curl line that reproduces a recorded request, with the base URL and the token as the
 * environment variables a user sets (`$DATOCMS_CMA_URL`, `$DATOCMS_CDA_URL`,
 * `$DATOCMS_API_TOKEN`); a token of the run is `$TOKEN_<id>`, which only that run held.
 */
export function curlLine(exchange: Exchange, bases: Pick<TargetInfo, 'cmaUrl' | 'cdaUrl'>): string {
  const { request } = exchange;
  const parts = ['curl', '-sS', '-X', request.method, urlWords(request.url, exchange.api, bases)];
  const credential = exchange.credential;
  if (credential === 'admin') parts.push('-H', `"Authorization: Bearer ${CURL_VARIABLES.token}"`);
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
