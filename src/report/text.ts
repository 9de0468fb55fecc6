import type { Failure, InvariantResult } from '../campaign/index.ts';
import type { Exchange, TargetInfo } from '../target/index.ts';
import { plain, type Paint } from './colour.ts';

const MAX_BODY = 1500;

const body = (value: unknown): string => {
  if (value === undefined) return '(no body)';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, null, 2);
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}… (${text.length} characters)` : text;
};

const indent = (text: string, prefix: string) =>
  text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');

/** A request and its response, for a terminal or a test failure. Secrets are already redacted. */
export function formatExchange(exchange: Exchange): string {
  const { request, response } = exchange;
  return [
    `→ ${request.method} ${request.url}  (as ${exchange.credential})`,
    indent(body(request.body), '    '),
    `← ${response.status} ${response.headers['content-type'] ?? ''}  (${exchange.durationMs} ms)`,
    indent(body(response.body), '    '),
  ].join('\n');
}

/** What a reader must know before pasting a curl line: what it reaches, and what is gone. */
export const CURL_NOTE: Record<TargetInfo['kind'], string> = {
  mock: 'curl lines: the embedded mock stopped with the run, and every id in them with it; to send such requests, start `npx token-contract mock` and set DATOCMS_CMA_URL, DATOCMS_CDA_URL and DATOCMS_API_TOKEN as it prints (ids differ), or run the replay command',
  remote:
    'curl lines: they read DATOCMS_CMA_URL, DATOCMS_CDA_URL and DATOCMS_API_TOKEN as you set them for the run; the tokens and roles the run created (their ids, $TOKEN_<id>) were deleted when it ended: the replay command creates them again',
};

/** Everything about one failure: the invariant, the doc sentence, the shrunk case, how to replay it. */
export function formatFailure(
  invariant: Pick<InvariantResult, 'id' | 'title' | 'doc'>,
  failure: Failure,
  /** Which target the run had: what its curl lines reach, said once under them. */
  options: { target?: TargetInfo['kind']; paint?: Paint } = {},
): string {
  const paint = options.paint ?? plain;
  const cx = failure.counterexample;
  const seen = failure.occurrences > 1 ? ` (seen in ${failure.occurrences} runs)` : '';
  return [
    paint(`✗ ${invariant.id} — ${invariant.title}`, 'red'),
    `  [${failure.key}]${seen}`,
    `  ${cx.message}`,
    `  source: "${invariant.doc.quote}" (${invariant.doc.url})`,
    `  case: ${cx.description} (shrunk ${cx.shrinks} times)`,
    `  seed ${cx.seed}, path ${cx.path}`,
    `  replay: ${cx.replay}`,
    ...cx.exchanges.map((exchange, i) => indent(`${formatExchange(exchange)}\n  curl: ${cx.curl[i] ?? ''}`, '  ')),
    ...(options.target ? [`  ${CURL_NOTE[options.target]}`] : []),
  ].join('\n');
}
