import { createHash } from 'node:crypto';
import { errorDocUrl, type ApiErrorDocument, type ErrorChoice } from '../spec/index.ts';

/** What a handler answers; the server adds the protocol headers and serializes it. */
export interface MockResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown, status = 200): MockResponse => ({ status, body });

/** A CMA error document. The id is constant per kind of error, as on the real API. */
export function apiError(status: number, code: string, details: Record<string, unknown> = {}): MockResponse {
  const id = createHash('sha256').update(code).update(canonicalJson(details)).digest('hex').slice(0, 6);
  const body: ApiErrorDocument = {
    data: [{ id, type: 'api_error', attributes: { code, details, doc_url: errorDocUrl(code) } }],
  };
  return { status, body };
}

export const errorFor = (choice: ErrorChoice, details: Record<string, unknown> = {}): MockResponse =>
  apiError(choice.status, choice.code, details);

export const notFound = (): MockResponse => apiError(404, 'NOT_FOUND');

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
