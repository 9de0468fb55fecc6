// Plain HTTP calls to the broker double, for the behaviours the real clients do not reach on their own.
import type { BrokerDouble, JsonObject } from './double.ts';

export const TOKEN = 'broker-double-token';
export const CONSUMER = 'broker-double-consumer';
export const PROVIDER = 'broker-double-provider';

export interface CallResult {
  status: number;
  contentType: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary HAL JSON
  json: any;
}

/** A JSON call to the double, as a client would make it. */
export async function call(
  broker: BrokerDouble,
  method: string,
  url: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<CallResult> {
  const headers: Record<string, string> = { accept: 'application/hal+json, application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url.startsWith('http') ? url : broker.url + url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    json: text === '' ? undefined : JSON.parse(text),
  };
}

/** A minimal PactV4 file with one HTTP interaction; `id` varies the content. */
export function pactFile(id = '1', consumer = CONSUMER): JsonObject {
  return {
    consumer: { name: consumer },
    provider: { name: PROVIDER },
    interactions: [
      {
        type: 'Synchronous/HTTP',
        description: 'a request for token ' + id,
        request: { method: 'GET', path: `/tokens/${id}`, headers: { Accept: ['application/json'] } },
        response: {
          status: 200,
          headers: { 'Content-Type': ['application/json'] },
          body: { contentType: 'application/json', encoded: false, content: { id } },
        },
      },
    ],
    metadata: { pactSpecification: { version: '4.0' } },
  };
}

/** POST pb:publish-contracts of one pact, as `pact-broker publish` sends it. */
export async function publish(
  broker: BrokerDouble,
  version: string,
  content: JsonObject,
  branch?: string,
  consumer = CONSUMER,
): Promise<CallResult> {
  return call(broker, 'POST', '/contracts/publish', {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch,
    contracts: [
      {
        consumerName: consumer,
        providerName: PROVIDER,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(content)).toString('base64'),
        onConflict: 'overwrite',
      },
    ],
  });
}

/** POST pb:provider-pacts-for-verification. */
export async function forVerification(broker: BrokerDouble, body: JsonObject): Promise<CallResult> {
  return call(broker, 'POST', `/pacts/provider/${PROVIDER}/for-verification`, body);
}

/** What the verifier does after verifying a pact: puts the provider version on its branch, then publishes. */
export async function verify(
  broker: BrokerDouble,
  pactHref: string,
  providerVersion: string,
  branch: string | undefined,
  success: boolean,
): Promise<void> {
  if (branch !== undefined) {
    const put = await call(
      broker,
      'PUT',
      `/pacticipants/${PROVIDER}/branches/${branch}/versions/${encodeURIComponent(providerVersion)}`,
    );
    if (put.status >= 300) throw new Error(`branch PUT answered ${put.status}`);
  }
  const pact = await call(broker, 'GET', pactHref);
  const posted = await call(broker, 'POST', pact.json._links['pb:publish-verification-results'].href, {
    success,
    providerApplicationVersion: providerVersion,
  });
  if (posted.status !== 201) throw new Error(`verification results answered ${posted.status}`);
}
