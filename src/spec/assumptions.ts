// Every point where the real API's behaviour is UNCONFIRMED (../shared/reference/datocms-api.md §9)
// lives here, once. The mock does `value`; the oracles accept `value` and every alternative,
// so a correct server that made the other reasonable choice raises no false alarm.
// `--assume key=value` (mock) and `--strict-assumptions` (oracles) change them.

export interface Assumption<T> {
  readonly value: T;
  readonly alternatives: readonly T[];
  readonly why: string;
}

export interface ErrorChoice {
  readonly status: number;
  readonly code: string;
}

const assume = <T>(value: T, alternatives: readonly T[], why: string): Assumption<T> => ({
  value,
  alternatives,
  why,
});

export const defaultAssumptions = {
  createStatus: assume(201, [200], 'real creates of other resources answered 201; docs show 200'),
  nonEditableStatus: assume(401, [422], 'legacy controller rendered 401'),
  insufficientPermissions: assume<ErrorChoice>(
    { status: 401, code: 'INSUFFICIENT_PERMISSIONS' },
    [],
    '2021 recording of a read-only token mutating',
  ),
  readWithoutManagePermission: assume<'token-null' | 'refused'>(
    'token-null',
    ['refused'],
    'docs: token is null for callers without can_manage_access_tokens',
  ),
  cmaWithoutFlag: assume<ErrorChoice>(
    { status: 401, code: 'INVALID_AUTHORIZATION_HEADER' },
    [{ status: 401, code: 'INSUFFICIENT_PERMISSIONS' }],
    'no source; the token is not a CMA credential',
  ),
  missingCredential: assume<ErrorChoice>(
    { status: 401, code: 'INVALID_SITE' },
    [{ status: 401, code: 'INVALID_AUTHORIZATION_HEADER' }],
    'a live probe without Authorization saw INVALID_SITE',
  ),
  cdaWithoutFlag: assume<ErrorChoice>(
    { status: 401, code: 'INVALID_AUTHORIZATION_HEADER' },
    [{ status: 403, code: 'INSUFFICIENT_PERMISSIONS' }],
    'staff-compiled CDA code list',
  ),
  draftsWithoutPreviewFlag: assume<ErrorChoice>(
    { status: 401, code: 'INVALID_AUTHORIZATION_HEADER' },
    [{ status: 403, code: 'INSUFFICIENT_PERMISSIONS' }],
    'staff-compiled CDA code list',
  ),
  previewFlagReadsPublished: assume(
    true,
    [false],
    'docs: "Access the CDA" or "Access the CDA in Preview Mode" flags let a token call the CDA',
  ),
  invalidDraftsHeaderStatus: assume(400, [422], 'code documented, status not'),
  unknownRole: assume<ErrorChoice>(
    { status: 404, code: 'NOT_FOUND' },
    [{ status: 422, code: 'INVALID_RELATIONSHIP' }],
    'legacy controller: roles.find raises RecordNotFound',
  ),
  bodyIdMismatch: assume<ErrorChoice>(
    { status: 422, code: 'INVALID_FORMAT' },
    [{ status: 422, code: 'INVALID_ENTITY_ID' }],
    'no source',
  ),
  paddedName: assume<'kept' | 'stripped'>(
    'kept',
    ['stripped'],
    'no source: a name with surrounding whitespace may be stored as sent or stripped (as Rails apps often do)',
  ),
  blankName: assume<'rejected' | 'accepted'>(
    'rejected',
    ['accepted'],
    'naming pattern of INVALID_FIELD/VALIDATION_REQUIRED; whitespace-only counts as blank',
  ),
  malformedJsonStatus: assume(422, [400], 'INVALID_JSON_BODY exists; its status is undocumented'),
  invalidApiVersionStatus: assume(400, [422], 'INVALID_API_VERSION exists; its status is undocumented'),
  unsupportedContentTypeStatus: assume(415, [422, 400], 'INVALID_CONTENT_TYPE_HEADER exists; status undocumented'),
  payloadTooLarge: assume<ErrorChoice>(
    { status: 413, code: 'INVALID_REQUEST' },
    [{ status: 422, code: 'INVALID_REQUEST' }],
    'no documented body limit for tokens; 1 MiB on the mock',
  ),
  roleInUse: assume<ErrorChoice>(
    { status: 422, code: 'INVALID_RELATIONSHIP' },
    [],
    'no source: deleting a role that API tokens still use',
  ),
  rotateSelf: assume<'allowed' | 'refused'>('allowed', [], 'no source: a token rotating its own secret'),
  destroySelf: assume<ErrorChoice>(
    { status: 422, code: 'CANNOT_DESTROY_CURRENT_USER' },
    [{ status: 401, code: 'CANNOT_DESTROY_CURRENT_USER' }],
    'docs name the code, not the status',
  ),
  acceptWildcard: assume<'rejected' | 'accepted'>(
    'rejected',
    ['accepted'],
    'a live probe saw 406 for a missing Accept or */* (without a token)',
  ),
} as const;

export type Assumptions = { -readonly [K in keyof typeof defaultAssumptions]: (typeof defaultAssumptions)[K] };
export type AssumptionKey = keyof Assumptions;
export type AssumedValue<K extends AssumptionKey> = Assumptions[K]['value'];

/** What `blankName` calls blank: Ruby's `blank?` (empty, or only whitespace, Unicode spaces included). */
export const isBlankName = (name: string): boolean => /^[\s\u00a0\u2000-\u200b\u2028\u2029\u3000\ufeff]*$/u.test(name);

/** Ruby's String#strip: ASCII whitespace and NUL at both ends. */
const strip = (name: string): string => name.replace(/^[\0\t\n\v\f\r ]+|[\0\t\n\v\f\r ]+$/g, '');

/** The name a server that made `choice` stores for `sent`. */
export const storedName = (sent: string, choice: AssumedValue<'paddedName'>): string =>
  choice === 'stripped' ? strip(sent) : sent;

/** Every name a correct server may store for `sent`. */
export function storedNames(sent: string, assumptions: Assumptions, strict = false): string[] {
  return [...new Set(accepted(assumptions.paddedName, strict).map((choice) => storedName(sent, choice)))];
}

/** No name limit is documented; past this many code points a limit of the server is plausible. */
export const NAME_LENGTH_UNCERTAIN_ABOVE = 255;

// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Names the docs leave open: blank, very long, or with control characters (a server may refuse them). */
export function nameUncertainty(name: string): 'blank' | 'long' | 'control characters' | undefined {
  if (isBlankName(name)) return 'blank';
  if ([...name].length > NAME_LENGTH_UNCERTAIN_ABOVE) return 'long';
  if (CONTROL_CHARACTERS.test(name)) return 'control characters';
  return undefined;
}

/** Overrides the assumed value of some points, e.g. from `--assume nonEditableStatus=422`. */
export function resolveAssumptions(overrides: { [K in AssumptionKey]?: AssumedValue<K> } = {}): Assumptions {
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

/** Parses `key=value` (the CLI's `--assume`); the value is JSON, or a bare string. */
export function parseAssumption(text: string): [AssumptionKey, unknown] {
  const eq = text.indexOf('=');
  const key = text.slice(0, eq);
  if (eq < 1 || !(key in defaultAssumptions)) {
    throw new Error(`--assume takes key=value with key one of: ${Object.keys(defaultAssumptions).join(', ')}`);
  }
  const raw = text.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  const base = defaultAssumptions[key as AssumptionKey];
  const options = [base.value, ...base.alternatives] as unknown[];
  if (!options.some((o) => sameValue(o, value))) {
    throw new Error(`--assume ${key}: expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
  }
  return [key as AssumptionKey, value];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
