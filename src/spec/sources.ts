// Where an expectation of the oracles comes from. An oracle asserts only what one of these states:
// a sentence of the DatoCMS documentation (its pages, or the hyperschema it publishes), a clause of
// RFC 9110 or JSON:API 1.0 (which the CMA says it follows), or a named decision point of
// assumptions.ts, which the default oracle accepts in every one of its readings.

export interface Citation {
  kind: 'datocms' | 'rfc9110' | 'jsonapi';
  url: string;
  /** Verbatim; `…` marks a cut. */
  quote: string;
}

export type Source = Citation | { kind: 'assumption'; key: string };

const CMA_DOCS = 'https://www.datocms.com/docs/content-management-api';
export const UPDATE_DOC = `${CMA_DOCS}/resources/access_token/update`;
export const TOKEN_DOC = `${CMA_DOCS}/resources/access_token`;
export const ERRORS_DOC = `${CMA_DOCS}/errors`;
const RFC9110 = 'https://www.rfc-editor.org/rfc/rfc9110';
const JSONAPI = 'https://jsonapi.org/format/1.0/';

const datocms = (url: string, quote: string): Citation => ({ kind: 'datocms', url, quote });
const rfc9110 = (section: string, quote: string): Citation => ({
  kind: 'rfc9110',
  url: `${RFC9110}#section-${section}`,
  quote,
});
const jsonapi = (anchor: string, quote: string): Citation => ({ kind: 'jsonapi', url: `${JSONAPI}#${anchor}`, quote });

/** The sentences the oracles rest on, by what they establish. */
export const CITED = {
  secretUnaffected: datocms(
    UPDATE_DOC,
    "The token's secret value is not affected — to rotate it, use the Rotate API token endpoint.",
  ),
  rolePreserved: datocms(
    UPDATE_DOC,
    "If you omit `relationships` from the payload, the token's existing role is preserved.",
  ),
  roleReassigned: datocms(
    UPDATE_DOC,
    'Send `relationships.role` only when you want to reassign the token to a different role.',
  ),
  updates: datocms(UPDATE_DOC, "Updates an API token's name, role, or API surface flags."),
  immediate: datocms(
    UPDATE_DOC,
    'Changes to the role or surface flags take effect immediately. A request that was permitted under the previous configuration may be rejected on the very next call once the new permissions have been written.',
  ),
  factoryRejected: datocms(
    UPDATE_DOC,
    "The project's built-in factory tokens (those whose `attributes.hardcoded_type` is non-null) reject this endpoint with `NON_EDITABLE_ACCESS_TOKEN`. They can still be deleted or rotated.",
  ),
  bodyParameters: datocms(
    `${UPDATE_DOC}?language=http`,
    'type Required … Must be exactly "access_token". … attributes.name Required … attributes.can_access_cda Required … attributes.can_access_cda_preview Required … attributes.can_access_cma Required … relationships.role.data Optional',
  ),
  closedSchema: datocms('https://site-api.datocms.com/docs/site-api-hyperschema.json', '"additionalProperties": false'),
  followsJsonApi: datocms(
    CMA_DOCS,
    'The API follows the JSON:API specification and provides an uniform and coherent way of working with every resource.',
  ),
  readOnly: datocms(TOKEN_DOC, 'Read-only attribute.'),
  createdNotFactory: datocms(TOKEN_DOC, '`null` for any token created via this API.'),
  lastCmaAccess: datocms(TOKEN_DOC, 'When this API token was last used to access the Content Management API'),
  lastCdaAccess: datocms(TOKEN_DOC, 'When this API token was last used to access the Content Delivery API'),
  lastAccessNever: datocms(TOKEN_DOC, 'No recent usage (beyond last month)'),
  intersection: datocms(TOKEN_DOC, "The token's effective capabilities are the *intersection* of the two."),
  secretsForManagers: datocms(
    `${TOKEN_DOC}/create`,
    "The new token's secret is returned in attributes.token of the response (and on every subsequent read, as long as the caller has can_manage_access_tokens).",
  ),
  cmaFlag: datocms(TOKEN_DOC, 'Whether this API token can access the Content Management API'),
  noCmaIs401: datocms(`${TOKEN_DOC}/create`, 'Any attempt to use this token against site-api.datocms.com returns 401'),
  cdaFlag: datocms(
    TOKEN_DOC,
    'Whether this API token can call the Content Delivery API (`graphql.datocms.com`) to fetch **published** content.',
  ),
  previewFlag: datocms(TOKEN_DOC, 'this flag governs whether requesting drafts is allowed'),
  manageTokens: datocms(`${CMA_DOCS}/resources/role`, 'Can manage API tokens'),
  oldSecretRefused: datocms(
    `${TOKEN_DOC}/regenerate_token`,
    'Any client still using the old value will start receiving 401 Unauthorized on its very next request.',
  ),
  rotationKeepsTheRest: datocms(
    `${TOKEN_DOC}/regenerate_token`,
    'The role and API surface flags are preserved; only the attributes.token value changes.',
  ),
  failsOutside2xx: datocms(
    ERRORS_DOC,
    'When an Content Management API endpoint fails for any reason, it will return an HTTP status code outside the 2xx range.',
  ),
  errorDocument: datocms(
    ERRORS_DOC,
    'The response body will include an array of api_error entities that provide detailed information about the issue.',
  ),
  idempotent: rfc9110(
    '9.2.2',
    'A request method is considered "idempotent" if the intended effect on the server of multiple identical requests with that method is the same as the effect for a single such request.',
  ),
  putReplaces: rfc9110(
    '9.3.4',
    'The PUT method requests that the state of the target resource be created or replaced with the state defined by the representation enclosed in the request message content.',
  ),
  putEquivalentRead: rfc9110(
    '9.3.4',
    'A successful PUT of a given representation would suggest that a subsequent GET on that same target resource will result in an equivalent representation being sent in a 200 (OK) response.',
  ),
  putTransforms: rfc9110(
    '9.3.4',
    'When a PUT representation is inconsistent with the target resource, the origin server SHOULD either make them consistent, by transforming the representation or changing the resource configuration, or respond with an appropriate error message containing sufficient information to explain why the representation is unsuitable.',
  ),
  deleteRemoves: rfc9110(
    '9.3.5',
    'The DELETE method requests that the origin server remove the association between the target resource and its current functionality.',
  ),
  clientError: rfc9110(
    '15.5',
    'The 4xx (Client Error) class of status code indicates that the client seems to have erred.',
  ),
  notApplied: rfc9110(
    '15.5.2',
    'The 401 (Unauthorized) status code indicates that the request has not been applied because it lacks valid authentication credentials for the target resource.',
  ),
  unprocessable: rfc9110(
    '15.5.21',
    'The 422 (Unprocessable Content) status code indicates that the server understands the content type of the request content … and the syntax of the request content is correct, but it was unable to process the contained instructions.',
  ),
  conflict: rfc9110(
    '15.5.10',
    'The 409 (Conflict) status code indicates that the request could not be completed due to a conflict with the current state of the target resource. … Conflicts are most likely to occur in response to a PUT request.',
  ),
  serverError: rfc9110(
    '15.6',
    'The 5xx (Server Error) class of status code indicates that the server is aware that it has erred or is incapable of performing the requested method.',
  ),
  malformed: rfc9110(
    '15.5.1',
    'The 400 (Bad Request) status code indicates that the server cannot or will not process the request due to something that is perceived to be a client error (e.g., malformed request syntax, invalid request message framing, or deceptive request routing).',
  ),
  absentResource: jsonapi(
    'crud-updating-responses-404',
    'A server MUST return 404 Not Found when processing a request to modify a resource that does not exist.',
  ),
  absentRelated: jsonapi(
    'crud-updating-responses-404',
    'A server MUST return 404 Not Found when processing a request that references a related resource that does not exist.',
  ),
  idMismatch: jsonapi(
    'crud-updating-responses-409',
    "A server MUST return 409 Conflict when processing a PATCH request in which the resource object's type and id do not match the server's endpoint.",
  ),
  rootObject: jsonapi(
    'document-top-level',
    'A JSON object MUST be at the root of every JSON API request and response containing data.',
  ),
  ignoreUnknownMembers: jsonapi(
    'document-structure',
    'Client and server implementations MUST ignore members not recognized by this specification.',
  ),
  metaMembers: jsonapi(
    'document-resource-objects',
    'In addition, a resource object MAY contain any of these top-level members: attributes, relationships, links, meta',
  ),
} as const satisfies Record<string, Citation>;
