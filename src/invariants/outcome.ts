import { accepted, errorCodes, type Assumption, type ErrorChoice } from '../spec/index.ts';
import type { Exchange } from '../target/index.ts';
import type { OracleContext } from './types.ts';

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
    : `${outcome.status} ${outcome.codes.join(', ') || '(no error code)'}`;

export const describeChoices = (choices: readonly ErrorChoice[]): string =>
  [...new Set(choices.map((c) => `${c.status} ${c.code}`))].join(' or ');

/** Whether a refusal is one of the acceptable ones (status and code together). */
export function refusedAs(outcome: Outcome, choices: readonly ErrorChoice[]): boolean {
  return (
    outcome.kind === 'refused' && choices.some((c) => c.status === outcome.status && outcome.codes.includes(c.code))
  );
}

/** The acceptable (status, code) pairs of an UNCONFIRMED error point. */
export function choices(oracle: OracleContext, point: Assumption<ErrorChoice>): readonly ErrorChoice[] {
  return accepted(point, oracle.strict);
}

/** The acceptable statuses of a point whose code is known, paired with that code. */
export function withCode(oracle: OracleContext, point: Assumption<number>, code: string): ErrorChoice[] {
  return accepted(point, oracle.strict).map((status) => ({ status, code }));
}
