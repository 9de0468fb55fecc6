import type { IncomingHttpHeaders } from 'node:http';
import { capabilitiesOf, type Capabilities } from '../capabilities.ts';
import type { MockContext } from '../context.ts';
import { apiError, errorFor, type MockResponse } from '../responses.ts';
import type { TokenRecord } from '../store.ts';

export interface Authenticated {
  caller: TokenRecord;
  capabilities: Capabilities;
}

const ACCEPTED_MEDIA_TYPES = ['application/json', 'application/vnd.api+json'];

/** The secret of `Authorization: Bearer <secret>`, '' when malformed, undefined when absent. */
export function bearerSecret(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

/** Who is calling and what they may do, or the error. The order follows the real CMA (reference §4.2). */
export function authenticateCma(
  mock: MockContext,
  method: string,
  headers: IncomingHttpHeaders,
  now: number,
  opensConnection: boolean,
): Authenticated | MockResponse {
  const { store, hooks, assumptions } = mock;
  const secret = bearerSecret(headers);
  const caller = secret ? hooks.authenticate(secret, store.tokenBySecret(secret), store) : undefined;
  if (secret !== undefined && !caller) return errorFor(assumptions.invalidCredential.value);
  if (!acceptsJson(headers.accept, assumptions.acceptWildcard.value === 'accepted')) {
    return apiError(406, 'INVALID_ACCEPT_HEADER', {
      message: `Accept must allow ${ACCEPTED_MEDIA_TYPES.join(' or ')}`,
    });
  }
  if (!caller) return errorFor(assumptions.missingCredential.value);
  const version = headers['x-api-version'];
  if (version !== undefined && version !== '3') {
    return apiError(assumptions.invalidApiVersionStatus.value, 'INVALID_API_VERSION', { supported: ['3'] });
  }
  const capabilities = hooks.capabilities(caller, capabilitiesOf(caller, store, assumptions), now, {
    surface: 'cma',
    method,
    opensConnection,
  });
  if (!capabilities.cma) return errorFor(assumptions.cmaWithoutFlag.value);
  caller.lastCmaAccessAt = now;
  return { caller, capabilities };
}

function acceptsJson(accept: string | undefined, wildcardAccepted: boolean): boolean {
  if (accept === undefined) return wildcardAccepted;
  const ranges = accept.split(',').map((range) => range.split(';')[0]?.trim().toLowerCase() ?? '');
  if (ranges.some((range) => ACCEPTED_MEDIA_TYPES.includes(range))) return true;
  return wildcardAccepted && ranges.some((range) => range === '*/*' || range === 'application/*');
}
