import type { OperationId } from '../spec/index.ts';
import { updateScenario, type UpdateObservation } from '../scenarios/index.ts';
import { defineInvariant } from './types.ts';

export default defineInvariant({
  id: 'response-conforms',
  title: 'Every response has a documented status, a JSON content type, and a body valid against the spec',
  doc: {
    quote: 'Parse its JSON response body and use the detailed error codes below to troubleshoot.',
    url: 'https://www.datocms.com/docs/content-management-api/errors',
  },
  killedBy: ['error-document-malformed', 'astral-plane-500'],
  scenario: () =>
    updateScenario('every kind of update', {
      targets: ['owned', 'owned', 'owned', 'hardcoded', 'unknown', 'deleted'],
      callers: ['admin', 'admin', 'admin', 'admin', 'no-manage', 'no-cma', 'none', 'invalid'],
      bodies: 'any',
    }),
  check(o: UpdateObservation, oracle) {
    for (const exchange of o.exchanges) {
      if (!exchange.operationId) continue;
      const problems = oracle.contract.responseProblems(exchange.operationId as OperationId, exchange.response);
      if (problems.length > 0) {
        return {
          message: `${exchange.request.method} ${new URL(exchange.request.url).pathname} → ${problems.join('; ')}`,
          exchanges: [exchange],
        };
      }
    }
    return undefined;
  },
});
