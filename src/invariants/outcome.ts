import { errorCodes } from '../spec/index.ts';
import type { Exchange } from '../target/index.ts';

/** What the server did with a request: applied it (2xx), or refused it (status and error codes). */
export type Outcome = { kind: 'applied'; status: number } | { kind: 'refused'; status: number; codes: string[] };

export function outcomeOf(exchange: Exchange): Outcome {
  const { status, body } = exchange.response;
  return status >= 200 && status < 300
    ? { kind: 'applied', status }
    : { kind: 'refused', status, codes: errorCodes(body) };
}

/** A refusal as the errors page and RFC 9110 §15.5 describe one: a client error with a DatoCMS error document. */
export const isDocumentedRefusal = (outcome: Outcome): boolean =>
  outcome.kind === 'refused' && outcome.status >= 400 && outcome.status < 500 && outcome.codes.length > 0;

export const describeOutcome = (outcome: Outcome): string =>
  outcome.kind === 'applied'
    ? `${outcome.status} (applied)`
    : `${outcome.status} ${outcome.codes.join(', ') || '(no DatoCMS error document)'}`;
