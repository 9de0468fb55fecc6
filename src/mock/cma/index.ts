import type { FastifyInstance } from 'fastify';
import type { OperationId } from '../../spec/index.ts';
import type { CmaRequest, MockContext } from '../context.ts';
import { apiError, type MockResponse } from '../responses.ts';
import { createToken, destroyToken, findToken, listTokens, regenerateToken, updateToken } from './access-tokens.ts';
import { opensConnection } from '../connections.ts';
import { authenticateCma } from './protocol.ts';
import { createRole, destroyRole, findRole, listRoles } from './roles.ts';
import { findMe, findSite } from './site.ts';
import { reply, requestContentType, requestInfo, type Handler } from '../http.ts';

const HANDLERS: Partial<Record<OperationId, (request: CmaRequest) => MockResponse | Promise<MockResponse>>> = {
  listAccessTokens: listTokens,
  createAccessToken: createToken,
  findAccessToken: findToken,
  updateAccessToken: updateToken,
  destroyAccessToken: destroyToken,
  regenerateAccessToken: regenerateToken,
  findMe,
  findSite,
  listRoles,
  createRole,
  findRole,
  destroyRole,
};

/** One fastify route per CMA operation of the spec; every request passes the protocol checks first. */
export function registerCmaRoutes(app: FastifyInstance, mock: MockContext): void {
  for (const [id, operation] of mock.contract.operations) {
    if (operation.api !== 'cma') continue;
    const handle = HANDLERS[id];
    if (!handle) throw new Error(`the mock has no handler for ${id}`);
    const run: Handler = async (req, now) => {
      const params = req.params as Record<string, string>;
      if (Object.values(params).some((value) => value === '')) {
        return { response: apiError(404, 'INVALID_ENDPOINT'), caller: undefined };
      }
      const auth = authenticateCma(mock, req.method, req.headers, now, opensConnection(req));
      if (!('caller' in auth)) return { response: auth, caller: undefined };
      const request: CmaRequest = {
        mock,
        params,
        query: req.query as Record<string, unknown>,
        headers: { ...req.headers, 'content-type': requestContentType(req) },
        rawBody: req.body instanceof Buffer ? req.body : undefined,
        caller: auth.caller,
        capabilities: auth.capabilities,
        now,
      };
      return { response: await handle(request), caller: auth.caller };
    };
    app.route({
      method: operation.method,
      url: operation.pathTemplate.replace(/\{([^}]+)\}/g, ':$1'),
      handler: async (req, res) => {
        const now = Date.now();
        const limited = mock.limiter.take(now);
        const { response, caller } = limited.allowed ? await run(req, now) : { response: undefined, caller: undefined };
        return reply(res, mock, requestInfo(req, 'cma', caller), response, limited);
      },
    });
  }
}
