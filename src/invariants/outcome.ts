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

export const describeOutcome = (outcome: Outcome): string =>
  outcome.kind === 'applied'
    ? `${outcome.status} (applied)`
    : `${outcome.status} ${outcome.codes.join(', ') || '(no DatoCMS error document)'}`;
