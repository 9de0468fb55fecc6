// Every decision point where the documentation leaves the server a choice, in one place: a status
// or code it does not give, an order of checks it does not fix, a representation it leaves open.
// `value` is what the mock does; `alternatives` are what a correct server may do instead. The
// oracles accept every reading (only `--strict-assumptions` narrows them to `value`), the mock
// takes another with `--assume key=value`, and `--variant SEED` draws one reading of every point.
// docs/datocms-behaviour.md gives the evidence behind each.

export interface Assumption<T> {
  readonly value: T;
  readonly alternatives: readonly T[];
  readonly why: string;
}

export interface ErrorChoice {
  readonly status: number;
  readonly code: string;
}

/** The checks of an update after the credential, in the order a server runs them. */
export type CheckStage = 'permission' | 'lookup' | 'factory' | 'body';
export type CheckOrder = readonly CheckStage[];

const assume = <T>(value: T, alternatives: readonly T[], why: string): Assumption<T> => ({
  value,
  alternatives,
  why,
});

const error = (status: number, code: string): ErrorChoice => ({ status, code });

/** Every order of the four checks in which a token is found before it is known to be a factory token. */
function checkOrders(): CheckOrder[] {
  const permutations = (stages: CheckStage[]): CheckStage[][] =>
    stages.length <= 1
      ? [stages]
      : stages.flatMap((stage, i) =>
          permutations([...stages.slice(0, i), ...stages.slice(i + 1)]).map((rest) => [stage, ...rest]),
        );
  return permutations(['permission', 'lookup', 'factory', 'body']).filter(
    (order) => order.indexOf('lookup') < order.indexOf('factory'),
  );
}
const [ASSUMED_ORDER, ...OTHER_ORDERS] = checkOrders() as [CheckOrder, ...CheckOrder[]];

export const defaultAssumptions = {
  createStatus: assume(201, [200], 'real creates of other resources answered 201; the docs show 200'),
  nonEditableStatus: assume(
    401,
    [403, 422],
    'the code is documented, the status is not; a legacy controller rendered 401',
  ),
  insufficientPermissions: assume(
    error(401, 'INSUFFICIENT_PERMISSIONS'),
    [error(403, 'INSUFFICIENT_PERMISSIONS')],
    'a 2021 recording of a read-only token mutating got 401; RFC 9110 gives 403 for insufficient credentials',
  ),
  invalidCredential: assume(
    error(401, 'INVALID_AUTHORIZATION_HEADER'),
    [],
    "a live probe and the official client's own test; not a documentation sentence",
  ),
  readWithoutManagePermission: assume<'token-null' | 'token-omitted' | 'refused'>(
    'token-null',
    ['token-omitted', 'refused'],
    'the docs say the token is null for such callers; the client type makes the key optional',
  ),
  cmaWithoutFlag: assume(
    error(401, 'INVALID_AUTHORIZATION_HEADER'),
    [error(401, 'INSUFFICIENT_PERMISSIONS')],
    'the docs give 401 for any CMA call of a token without can_access_cma, not the code',
  ),
  missingCredential: assume(
    error(401, 'INVALID_SITE'),
    [error(401, 'INVALID_AUTHORIZATION_HEADER')],
    'a live probe without Authorization saw INVALID_SITE',
  ),
  cdaWithoutFlag: assume(
    error(401, 'INVALID_AUTHORIZATION_HEADER'),
    [error(403, 'INSUFFICIENT_PERMISSIONS')],
    'staff-compiled CDA code list',
  ),
  draftsWithoutPreviewFlag: assume(
    error(401, 'INVALID_AUTHORIZATION_HEADER'),
    [error(403, 'INSUFFICIENT_PERMISSIONS')],
    'staff-compiled CDA code list',
  ),
  previewFlagReadsPublished: assume(
    true,
    [false],
    'the docs: "Access the CDA" or "Access the CDA in Preview Mode" lets a token call the CDA',
  ),
  invalidDraftsHeaderStatus: assume(400, [422], 'the code is documented, the status is not'),
  checkOrder: assume(
    ASSUMED_ORDER,
    OTHER_ORDERS,
    'undocumented: any order that finds the token before judging it a factory token; a live probe saw the credential checked first, and a legacy controller validated bodies before the lookup',
  ),
  tokenNotFound: assume(
    error(404, 'NOT_FOUND'),
    [],
    'JSON:API gives the status; the code was recorded in 2021 for unknown ids',
  ),
  unknownRole: assume(
    error(404, 'NOT_FOUND'),
    [error(422, 'INVALID_RELATIONSHIP')],
    'a legacy controller looked roles up with roles.find; INVALID_RELATIONSHIP is a documented code',
  ),
  schemaError: assume(
    error(422, 'INVALID_FORMAT'),
    [error(400, 'INVALID_REQUEST')],
    'a 2025 issue shows a live 422 INVALID_FORMAT for a body that breaks the schema',
  ),
  malformedJsonStatus: assume(422, [400], 'INVALID_JSON_BODY is documented; its status is not'),
  emptyBody: assume<'invalid-json' | 'empty-document'>(
    'invalid-json',
    ['empty-document'],
    'undocumented: a Rails server may parse an empty body as an empty document and fail its schema',
  ),
  nonObjectBody: assume(
    error(422, 'INVALID_FORMAT'),
    [error(422, 'INVALID_JSON_BODY'), error(400, 'INVALID_JSON_BODY')],
    'undocumented: JSON that is not an object (an array, a string, null) breaks the schema or the document',
  ),
  emptyIdentity: assume<'schema' | 'lookup'>(
    'schema',
    ['lookup'],
    'undocumented: an empty id may fail the schema, or be looked up like any other and not be found',
  ),
  missingBodyId: assume<'refused' | 'accepted'>(
    'refused',
    ['accepted'],
    "the client's types require data.id; the docs list no id among the body parameters, and their example has none",
  ),
  bodyIdMismatch: assume<ErrorChoice | 'url-wins'>(
    error(422, 'INVALID_FORMAT'),
    [error(422, 'INVALID_ENTITY_ID'), error(409, 'CONFLICT'), 'url-wins'],
    'undocumented; JSON:API refuses it with 409; a server may also ignore the body id',
  ),
  jsonApiMembers: assume<'refused' | 'ignored'>(
    'refused',
    ['ignored'],
    'the hyperschema closes every object; JSON:API says servers must ignore members they do not recognise',
  ),
  paddedName: assume<'kept' | 'stripped' | 'trimmed'>(
    'kept',
    ['stripped', 'trimmed'],
    'undocumented: a name with surrounding whitespace may be stored as sent, or stripped (ASCII, as Ruby does) or trimmed (Unicode)',
  ),
  nameNormalization: assume<'none' | 'NFC'>(
    'none',
    ['NFC'],
    'undocumented: a canonically equivalent (NFC) name is an equivalent representation (RFC 9110 §9.3.4)',
  ),
  blankName: assume<'rejected' | 'accepted'>(
    'rejected',
    ['accepted'],
    'naming pattern of INVALID_FIELD/VALIDATION_REQUIRED; whitespace-only counts as blank',
  ),
  nameLengthLimit: assume<'none' | '255 code points' | '255 UTF-8 bytes' | '100 code points'>(
    'none',
    ['255 code points', '255 UTF-8 bytes', '100 code points'],
    'no limit is documented; a column or a validation may cap names in characters or in bytes',
  ),
  uniqueNames: assume<'not-enforced' | 'enforced'>(
    'not-enforced',
    ['enforced'],
    'undocumented; the docs illustrate INVALID_FIELD with VALIDATION_UNIQUENESS, so a server may keep names unique',
  ),
  nameControlCharacters: assume<'accepted' | 'refused'>(
    'accepted',
    ['refused'],
    'undocumented: control characters, noncharacters and lone surrogates may be refused',
  ),
  invalidApiVersionStatus: assume(400, [422], 'INVALID_API_VERSION is documented; its status is not'),
  unsupportedContentTypeStatus: assume(415, [422, 400], 'INVALID_CONTENT_TYPE_HEADER is documented; its status is not'),
  payloadTooLarge: assume(
    error(413, 'INVALID_REQUEST'),
    [error(422, 'INVALID_REQUEST')],
    'no documented body limit for tokens; 1 MiB on the mock',
  ),
  roleInUse: assume(error(422, 'INVALID_RELATIONSHIP'), [], 'no source: deleting a role that API tokens still use'),
  rotateSelf: assume<'allowed' | 'refused'>('allowed', [], 'no source: a token rotating its own secret'),
  destroySelf: assume(
    error(422, 'CANNOT_DESTROY_CURRENT_USER'),
    [error(401, 'CANNOT_DESTROY_CURRENT_USER')],
    'the docs name the code, not the status',
  ),
  acceptWildcard: assume<'rejected' | 'accepted'>(
    'rejected',
    ['accepted'],
    'a live probe saw 406 for a missing Accept or `*/*` (without a token)',
  ),
  concurrentUpdates: assume<'serialized' | 'conflict'>(
    'serialized',
    ['conflict'],
    'undocumented; RFC 9110 §15.5.10 lets a server refuse a PUT that conflicts with one in progress (409)',
  ),
  updateResponse: assume<'written-state' | 'reloaded'>(
    'written-state',
    ['reloaded'],
    'undocumented: the response may show the token as this update wrote it, or as read back after it committed',
  ),
  responseContentType: assume<'application/json; charset=utf-8' | 'application/json' | 'application/vnd.api+json'>(
    'application/json; charset=utf-8',
    ['application/json', 'application/vnd.api+json'],
    '2021 recordings; the docs show application/json; JSON:API uses application/vnd.api+json',
  ),
  responseMembers: assume<'plain' | 'extended'>(
    'plain',
    ['extended'],
    'JSON:API lets documents and resources carry meta, links and jsonapi, and a newer API may add attributes',
  ),
  errorDocUrl: assume<'included' | 'omitted'>(
    'included',
    ['omitted'],
    'the docs show doc_url; bodies recorded in 2021 had none',
  ),
  lastAccessClock: assume<'UTC' | 'project timezone'>(
    'UTC',
    ['project timezone'],
    'undocumented: "today" and "this week" may be counted in UTC or in the project timezone',
  ),
  manageTokensToUpdate: assume<'refused' | 'allowed'>(
    'refused',
    ['allowed'],
    'undocumented (docs/datocms-behaviour.md §5, §12.2): a legacy third-party controller checked can_manage_access_tokens before create and delete, not before update or rotate',
  ),
} as const;

export type Assumptions = { -readonly [K in keyof typeof defaultAssumptions]: (typeof defaultAssumptions)[K] };
export type AssumptionKey = keyof Assumptions;
export type AssumedValue<K extends AssumptionKey> = Assumptions[K]['value'];
export type AssumptionOverrides = { [K in AssumptionKey]?: AssumedValue<K> };

export const ASSUMPTION_KEYS = Object.keys(defaultAssumptions) as AssumptionKey[];

/** Overrides the assumed value of some points, e.g. from `--assume nonEditableStatus=422`. */
export function resolveAssumptions(overrides: AssumptionOverrides = {}): Assumptions {
  const resolved: Record<string, Assumption<unknown>> = { ...defaultAssumptions };
  for (const [key, value] of Object.entries(overrides)) {
    const base = resolved[key];
    if (!base) throw new Error(`unknown assumption "${key}"`);
    // The overridden default becomes an alternative, so both stay acceptable.
    const alternatives = [base.value, ...base.alternatives].filter((v) => !sameValue(v, value));
    resolved[key] = { value, alternatives, why: base.why };
  }
  return resolved as Assumptions;
}

/** What an oracle accepts for this point: the assumed value, and the alternatives unless strict. */
export function accepted<T>(assumption: Assumption<T>, strict = false): readonly T[] {
  return strict ? [assumption.value] : [assumption.value, ...assumption.alternatives];
}

/** Every reading of a point. */
export const readings = <T>(assumption: Assumption<T>): readonly T[] => [assumption.value, ...assumption.alternatives];

/**
 * One reading of every point, drawn from a seed: a server that is correct, yet differs from the
 * mock's defaults wherever the documentation lets it (`token-contract mock --variant SEED`).
 */
export function variantChoices(seed: number): AssumptionOverrides {
  let state = seed >>> 0;
  // mulberry32: small, and the same draw on every machine.
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const choices: Record<string, unknown> = {};
  for (const key of ASSUMPTION_KEYS) {
    const options = readings(defaultAssumptions[key] as Assumption<unknown>);
    choices[key] = options[Math.floor(next() * options.length)];
  }
  return choices as AssumptionOverrides;
}

/** A reading as people write it on the command line and in the README. */
export const showReading = (value: unknown): string =>
  Array.isArray(value)
    ? value.join('→')
    : typeof value === 'object' && value !== null && 'status' in value && 'code' in value
      ? `${String(value.status)} ${String(value.code)}`
      : String(value);

/** Parses `key=value` (the CLI's `--assume`); the value is JSON, or a reading as `showReading` writes it. */
export function parseAssumption(text: string): [AssumptionKey, unknown] {
  const eq = text.indexOf('=');
  const key = text.slice(0, eq);
  if (eq < 1 || !(key in defaultAssumptions)) {
    throw new Error(`--assume takes key=value with key one of: ${ASSUMPTION_KEYS.join(', ')}`);
  }
  const raw = text.slice(eq + 1);
  const options = readings(defaultAssumptions[key as AssumptionKey] as Assumption<unknown>);
  const found = options.find((o) => showReading(o) === raw || sameValue(o, parseJson(raw)));
  if (found === undefined) {
    throw new Error(
      `--assume ${key}: expected one of ${options.map((o) => JSON.stringify(showReading(o))).join(', ')}`,
    );
  }
  return [key as AssumptionKey, found];
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The decision points as a Markdown table: the README's list, and `token-contract assumptions`. */
export function assumptionsTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = ASSUMPTION_KEYS.map((key) => {
    const point = defaultAssumptions[key] as Assumption<unknown>;
    const others =
      point.alternatives.length > 4
        ? `${point.alternatives.length} others`
        : point.alternatives.map((a) => `\`${showReading(a)}\``).join(', ') || '—';
    return `| \`${key}\` | \`${showReading(point.value)}\` | ${cell(others)} | ${cell(point.why)} |`;
  });
  return ['| point | the mock | a correct server may also | evidence |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}
