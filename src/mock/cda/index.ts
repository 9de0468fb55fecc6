import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  execute as executeDocument,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { isPlainObject } from '../../spec/index.ts';
import { capabilitiesOf } from '../capabilities.ts';
import { opensConnection } from '../connections.ts';
import { bearerSecret } from '../cma/protocol.ts';
import type { MockContext } from '../context.ts';
import { reply, requestInfo } from '../http.ts';
import { apiError, errorFor, ok, type MockResponse } from '../responses.ts';
import type { TokenRecord } from '../store.ts';
import { buildCdaSchema, type CdaContext } from './schema.ts';

/** The CDA's single endpoint: POST / with a GraphQL query, authorized by the token's CDA flags. */
export function registerCdaRoutes(app: FastifyInstance, mock: MockContext): void {
  const schema = buildCdaSchema(mock.store.site.locales);
  app.post('/', async (req, res) => {
    const now = Date.now();
    const limited = mock.limiter.take(now);
    const { response, caller } = limited.allowed
      ? await execute(mock, schema, req, now)
      : { response: undefined, caller: undefined };
    return reply(res, mock, requestInfo(req, 'cda', caller), response, limited);
  });
}

async function execute(
  mock: MockContext,
  schema: GraphQLSchema,
  req: FastifyRequest,
  now: number,
): Promise<{ response: MockResponse; caller: TokenRecord | undefined }> {
  const { store, hooks, assumptions } = mock;
  const secret = bearerSecret(req.headers);
  const caller = secret ? hooks.authenticate(secret, store.tokenBySecret(secret), store) : undefined;
  if (!caller) return { response: apiError(401, 'INVALID_AUTHORIZATION_HEADER'), caller };
  const draftsHeader = req.headers['x-include-drafts'];
  if (draftsHeader !== undefined && draftsHeader !== 'true') {
    const response = apiError(assumptions.invalidDraftsHeaderStatus.value, 'INVALID_X_INCLUDE_DRAFTS_HEADER', {
      message: 'X-Include-Drafts header can only be set to `true`',
    });
    return { response, caller };
  }
  const includeDrafts = draftsHeader === 'true';
  const capabilities = hooks.capabilities(caller, capabilitiesOf(caller, store, assumptions), now, {
    surface: 'cda',
    method: 'POST',
    opensConnection: opensConnection(req),
  });
  if (includeDrafts && !capabilities.cdaDrafts)
    return { response: errorFor(assumptions.draftsWithoutPreviewFlag.value), caller };
  if (!includeDrafts && !capabilities.cdaPublished)
    return { response: errorFor(assumptions.cdaWithoutFlag.value), caller };
  caller.lastCdaAccessAt = now;

  const request = parseGraphQLRequest(req.body);
  if (typeof request === 'string') return { response: apiError(400, 'INVALID_REQUEST', { message: request }), caller };
  const result = await runQuery(schema, request, { store, includeDrafts });
  // Like the real CDA, query errors are a 200 with `errors[]`.
  return { response: ok(JSON.parse(JSON.stringify(result))), caller };
}

/**
 * The parser and the validator recurse once per level of nesting (each `[` or `{` of the query),
 * and past about 1,800 levels they exhaust the stack (graphql() returns that RangeError as an error
 * without a message). A document of 1,000 tokens nests 1,000 levels at most; the suite's are tiny.
 */
const MAX_QUERY_TOKENS = 1000;

/** What graphql() does, with the document bounded. */
async function runQuery(
  schema: GraphQLSchema,
  request: GraphQLRequest,
  contextValue: CdaContext,
): Promise<ExecutionResult> {
  let document: DocumentNode;
  try {
    document = parse(request.query, { maxTokens: MAX_QUERY_TOKENS });
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] };
    throw error;
  }
  const errors = validate(schema, document);
  if (errors.length > 0) return { errors };
  const { variables: variableValues, operationName } = request;
  return executeDocument({ schema, document, variableValues, operationName, contextValue });
}

interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

function parseGraphQLRequest(raw: unknown): GraphQLRequest | string {
  let body: unknown;
  try {
    body = JSON.parse(raw instanceof Buffer ? new TextDecoder('utf-8', { fatal: true }).decode(raw) : '');
  } catch {
    return 'the body must be a JSON object with a "query" string';
  }
  if (!isPlainObject(body) || typeof body.query !== 'string' || body.query.trim() === '') {
    return 'the body must be a JSON object with a "query" string';
  }
  const variables = isPlainObject(body.variables) ? body.variables : undefined;
  const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
  return { query: body.query, variables, operationName };
}
