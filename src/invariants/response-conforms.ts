import { CITED, type OperationId, type ProblemKind } from '../spec/index.ts';
import { updateScenario, type UpdateObservation } from '../scenarios/index.ts';
import { defineInvariant } from './types.ts';

const VIOLATIONS: Record<ProblemKind, (typeof CITED)[keyof typeof CITED]> = {
  'server-error': CITED.serverError,
  status: CITED.failsOutside2xx,
  'content-type': CITED.errorDocument,
  body: CITED.followsJsonApi,
  header: CITED.followsJsonApi,
};

export default defineInvariant({
  id: 'response-conforms',
  title: 'Every response has a documented status, a JSON content type, and a body valid against the spec',
  doc: CITED.errorDocument,
  violations: VIOLATIONS,
  killedBy: ['error-document-malformed', 'astral-plane-500'],
  scenario: () =>
    updateScenario('every kind of update', {
      targets: ['owned', 'owned', 'owned', 'hardcoded', 'unknown', 'deleted'],
      callers: ['admin', 'admin', 'admin', 'admin', 'no-manage', 'no-cma', 'none', 'invalid'],
      bodies: 'any',
    }),
  check(o: UpdateObservation, oracle, fail) {
    for (const exchange of o.exchanges) {
      if (!exchange.operationId) continue;
      const problems = oracle.contract.responseProblems(
        exchange.operationId as OperationId,
        exchange.response,
        oracle.strict,
      );
      const [first] = problems;
      if (first)
        return fail(
          first.kind,
          `${exchange.request.method} ${new URL(exchange.request.url).pathname} → ${problems.map((p) => p.message).join('; ')}`,
          [exchange],
        );
    }
    return undefined;
  },
});
