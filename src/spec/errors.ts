import { isPlainObject } from './json-schema.ts';

// The error document of the CMA: errors live in `data`, not in `errors` (reference §4.1).
export interface ApiErrorEntity {
  id: string;
  type: 'api_error';
  attributes: {
    code: string;
    details: Record<string, unknown>;
    doc_url?: string;
    transient?: true;
  };
}

export interface ApiErrorDocument {
  data: ApiErrorEntity[];
}

export const errorDocUrl = (code: string): string =>
  `https://www.datocms.com/docs/content-management-api/errors#${code}`;

/** The error codes of a response body, or [] when it is not an error document. */
export function errorCodes(body: unknown): string[] {
  if (!isPlainObject(body) || !Array.isArray(body.data)) return [];
  return body.data.flatMap((entry: unknown) => {
    if (!isPlainObject(entry) || entry.type !== 'api_error' || !isPlainObject(entry.attributes)) return [];
    const code = entry.attributes.code;
    return typeof code === 'string' ? [code] : [];
  });
}
