import { loadContract, type Api, type OperationId } from '../../src/spec/index.ts';
import { startMock, type MockOptions, type RunningMock } from '../../src/mock/index.ts';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** A secret; `null` sends no Authorization header. Defaults to the admin token. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Send the body exactly as given (bytes or text), not as JSON. */
  raw?: string | Buffer;
}

/** A mock started for one test file, with a client that checks every answer against the spec. */
export interface TestMock {
  mock: RunningMock;
  cma(method: string, path: string, options?: CallOptions): Promise<Reply>;
  cda(query: string, options?: CallOptions & { drafts?: string }): Promise<Reply>;
  /** Every token and role, as the admin sees them (to assert that nothing changed). */
  snapshot(): Promise<unknown>;
  close(): Promise<void>;
}

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json', 'x-api-version': '3' };

export async function startTestMock(options: MockOptions = {}): Promise<TestMock> {
  const contract = await loadContract();
  const mock = await startMock(options);
  // The default mock answers exactly as the fragment lists; one that took other readings, as any correct server may.
  const strict = Object.keys(mock.choices).length === 0;

  async function send(api: Api, method: string, url: string, path: string, options: CallOptions): Promise<Reply> {
    const token = options.token === undefined ? mock.adminSecret : options.token;
    const headers: Record<string, string> = { ...JSON_HEADERS, ...options.headers };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const raw = typeof options.raw === 'string' ? options.raw : options.raw && new Uint8Array(options.raw);
    const body = raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    let bodyIsJson = true;
    try {
      parsed = JSON.parse(text);
    } catch {
      bodyIsJson = false;
    }
    const replyHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => (replyHeaders[name] = value));
    const reply: Reply = { status: response.status, headers: replyHeaders, body: parsed, text };
    // The mock must conform to its own spec on every answer, errors included (HEAD has no body).
    if (method === 'HEAD') return reply;
    const matched = contract.match(api, method, (path.split('?')[0] ?? path).replace(/(.)\/$/, '$1'));
    const problems = matched
      ? contract
          .responseProblems(
            matched.operation.id as OperationId,
            { status: reply.status, headers: replyHeaders, body: parsed, bodyIsJson },
            strict,
          )
          .map((p) => p.message)
      : contract.validate(contract.schema('ApiErrorDocument'), parsed).issues.map((i) => i.message);
    if (problems.length > 0) {
      throw new Error(
        `${method} ${path} → ${reply.status} does not conform to the spec:\n${problems.join('\n')}\n${text}`,
      );
    }
    return reply;
  }

  const client: TestMock = {
    mock,
    cma: (method, path, options = {}) => send('cma', method, `${mock.cmaUrl}${path}`, path, options),
    cda: (query, options = {}) =>
      send('cda', 'POST', `${mock.cdaUrl}/`, '/', {
        ...options,
        body: options.raw === undefined ? { query } : undefined,
        headers: {
          ...options.headers,
          ...(options.drafts === undefined ? {} : { 'x-include-drafts': options.drafts }),
        },
      }),
    async snapshot() {
      const tokens = await client.cma('GET', '/access_tokens');
      const roles = await client.cma('GET', '/roles');
      return { tokens: tokens.body, roles: roles.body };
    },
    close: () => mock.close(),
  };
  return client;
}

export interface Fixture {
  id: string;
  secret: string;
}

/** Creates a role through the API; returns its id. */
export async function createRole(t: TestMock, name: string, flags: Record<string, boolean> = {}): Promise<string> {
  const reply = await t.cma('POST', '/roles', { body: { data: { type: 'role', attributes: { name, ...flags } } } });
  if (reply.status < 200 || reply.status > 201) throw new Error(`role creation failed: ${reply.text}`);
  return reply.body.data.id as string;
}

/** Creates an API token through the API; returns its id and secret. */
export async function createToken(
  t: TestMock,
  roleId: string,
  attributes: Partial<{
    name: string;
    can_access_cda: boolean;
    can_access_cda_preview: boolean;
    can_access_cma: boolean;
  }> = {},
): Promise<Fixture> {
  const body = {
    data: {
      type: 'access_token',
      attributes: {
        name: 'fixture',
        can_access_cda: true,
        can_access_cda_preview: true,
        can_access_cma: true,
        ...attributes,
      },
      relationships: { role: { data: { type: 'role', id: roleId } } },
    },
  };
  const reply = await t.cma('POST', '/access_tokens', { body });
  if (reply.status < 200 || reply.status > 201) throw new Error(`token creation failed: ${reply.text}`);
  return { id: reply.body.data.id as string, secret: reply.body.data.attributes.token as string };
}

export function updateBody(
  id: string,
  attributes: Record<string, unknown>,
  roleId?: string,
): { data: Record<string, unknown> } {
  return {
    data: {
      type: 'access_token',
      id,
      attributes,
      ...(roleId === undefined ? {} : { relationships: { role: { data: { type: 'role', id: roleId } } } }),
    },
  };
}

export const ALL_ON = { name: 'all on', can_access_cda: true, can_access_cda_preview: true, can_access_cma: true };
