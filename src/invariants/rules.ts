import type { CallerChoice } from '../generate/index.ts';
import type { TokenView } from '../scenarios/index.ts';
import {
  CITED,
  defaultAssumptions,
  isLongName,
  storedNames,
  hasOddCharacters,
  isBlankName,
  overLimit,
  waiverOf,
  type AssumedValue,
  type AssumptionKey,
  type Assumptions,
  type CheckStage,
  type ErrorChoice,
  type SchemaIssue,
  type Source,
  type TokenBody,
  type Waiver,
} from '../spec/index.ts';

// The classifier's rules, as data: when each applies to a concrete update request, what it
// demands (a refusal, or the server's choice between refusing and applying), the source that says
// so, and the error each mode expects. A test lists them and fails on any without a source.

/** What the rules look at: the request as it was really sent, and the project as it was before. */
export interface UpdateFacts {
  caller: CallerChoice;
  urlId: string;
  /** The addressed token as read before the request; undefined when it does not exist. */
  target: TokenView | undefined;
  /** Role ids known to exist in the project. */
  roles: ReadonlySet<string>;
  /** The names of the project's other tokens. */
  otherNames: ReadonlySet<string>;
  body: { kind: 'json'; value: unknown } | { kind: 'text'; text: string };
  /** The JSON body's problems against the request schema ([] when the body is not a JSON object). */
  issues: readonly SchemaIssue[];
  sent: TokenBody;
}

export type Stage = 'credential' | CheckStage;

/** Where the documentation leaves the choice to the server: a decision point, and which readings refuse. */
export interface OpenDecision<K extends AssumptionKey = AssumptionKey> {
  point: K;
  refuses(reading: AssumedValue<K>, facts: UpdateFacts): boolean;
}

export interface Rule {
  id: string;
  /** For people: "a body that is not JSON". */
  why: string;
  stage: Stage;
  /** What makes such a request refused, or lets the server refuse it. */
  source: Source;
  applies(facts: UpdateFacts): boolean;
  /** Absent: the contract refuses such a request. Present: the server may refuse it or apply it. */
  open?: OpenDecision;
  /** What the refusal carries in every mode, when a source gives it (a documented status or code). */
  documented?: { status?: number; code?: string; source: Source };
  /** The error `--strict-assumptions` demands: the assumed readings of the decision points. */
  strictErrors(assumptions: Assumptions): readonly ErrorChoice[];
}

const open = <K extends AssumptionKey>(
  point: K,
  refuses: (reading: AssumedValue<K>, facts: UpdateFacts) => boolean,
): OpenDecision => ({ point, refuses: refuses as OpenDecision['refuses'] });

const assumption = (key: AssumptionKey): Source => ({ kind: 'assumption', key });
const INVALID_FIELD: ErrorChoice = { status: 422, code: 'INVALID_FIELD' };
const isText = (facts: UpdateFacts, test: (text: string) => boolean) =>
  facts.body.kind === 'text' && test(facts.body.text);
const isJsonObject = (facts: UpdateFacts) =>
  facts.body.kind === 'json' &&
  typeof facts.body.value === 'object' &&
  facts.body.value !== null &&
  !Array.isArray(facts.body.value);
const waived = (facts: UpdateFacts, waiver: Waiver) => facts.issues.some((issue) => waiverOf(issue) === waiver);
const name = (facts: UpdateFacts, test: (name: string) => boolean) =>
  facts.sent.name !== undefined && test(facts.sent.name);

export const RULES: readonly Rule[] = [
  {
    id: 'no-credential',
    why: 'no credential',
    stage: 'credential',
    source: CITED.notApplied,
    applies: (f) => f.caller === 'none',
    strictErrors: (a) => [a.missingCredential.value],
  },
  {
    id: 'unknown-credential',
    why: 'a secret that is no token’s',
    stage: 'credential',
    source: CITED.oldSecretRefused,
    applies: (f) => f.caller === 'invalid',
    documented: { status: 401, source: CITED.oldSecretRefused },
    strictErrors: (a) => [a.invalidCredential.value],
  },
  {
    id: 'caller-without-cma',
    why: 'a caller without can_access_cma',
    stage: 'credential',
    source: CITED.cmaFlag,
    applies: (f) => f.caller === 'no-cma',
    documented: { status: 401, source: CITED.noCmaIs401 },
    strictErrors: (a) => [a.cmaWithoutFlag.value],
  },
  {
    id: 'caller-cannot-manage-tokens',
    why: 'a caller whose role lacks can_manage_access_tokens',
    stage: 'permission',
    source: CITED.manageTokens,
    applies: (f) => f.caller === 'no-manage',
    // Whether the permission guards updates at all is open: a legacy controller did not check it.
    open: open('manageTokensToUpdate', (reading) => reading === 'refused'),
    strictErrors: (a) => [a.insufficientPermissions.value],
  },
  {
    id: 'token-absent',
    why: 'a token that does not exist',
    stage: 'lookup',
    source: CITED.absentResource,
    applies: (f) => f.target === undefined,
    documented: { status: 404, source: CITED.absentResource },
    strictErrors: (a) => [a.tokenNotFound.value],
  },
  {
    id: 'factory-token',
    why: 'a factory token',
    stage: 'factory',
    source: CITED.factoryRejected,
    applies: (f) => f.target !== undefined && f.target.hardcoded_type !== null,
    documented: { code: 'NON_EDITABLE_ACCESS_TOKEN', source: CITED.factoryRejected },
    strictErrors: (a) => [{ status: a.nonEditableStatus.value, code: 'NON_EDITABLE_ACCESS_TOKEN' }],
  },
  {
    id: 'body-empty',
    why: 'an empty body',
    stage: 'body',
    source: CITED.bodyParameters,
    applies: (f) => isText(f, (text) => text.trim() === ''),
    strictErrors: (a) =>
      a.emptyBody.value === 'invalid-json'
        ? [{ status: a.malformedJsonStatus.value, code: 'INVALID_JSON_BODY' }]
        : [a.schemaError.value],
  },
  {
    id: 'body-not-json',
    why: 'a body that is not JSON',
    stage: 'body',
    source: CITED.malformed,
    applies: (f) => isText(f, (text) => text.trim() !== ''),
    strictErrors: (a) => [{ status: a.malformedJsonStatus.value, code: 'INVALID_JSON_BODY' }],
  },
  {
    id: 'body-not-an-object',
    why: 'JSON that is not an object',
    stage: 'body',
    source: CITED.rootObject,
    applies: (f) => f.body.kind === 'json' && !isJsonObject(f),
    strictErrors: (a) => [a.nonObjectBody.value],
  },
  {
    id: 'body-breaks-schema',
    why: 'a body that breaks the request schema',
    stage: 'body',
    source: CITED.closedSchema,
    applies: (f) => isJsonObject(f) && f.issues.some((issue) => waiverOf(issue) === undefined),
    strictErrors: (a) => [a.schemaError.value],
  },
  {
    id: 'body-jsonapi-members',
    why: 'members the schema does not name in objects JSON:API defines',
    stage: 'body',
    source: assumption('jsonApiMembers'),
    applies: (f) => isJsonObject(f) && waived(f, 'jsonApiMembers'),
    open: open('jsonApiMembers', (reading) => reading === 'refused'),
    strictErrors: (a) => [a.schemaError.value],
  },
  {
    id: 'body-empty-identity',
    why: 'an empty id',
    stage: 'body',
    source: assumption('emptyIdentity'),
    applies: (f) => isJsonObject(f) && waived(f, 'emptyIdentity'),
    open: open('emptyIdentity', (reading) => reading === 'schema'),
    strictErrors: (a) => [a.schemaError.value],
  },
  {
    id: 'body-without-id',
    why: 'a body without data.id',
    stage: 'body',
    source: assumption('missingBodyId'),
    applies: (f) => isJsonObject(f) && waived(f, 'missingBodyId'),
    open: open('missingBodyId', (reading) => reading === 'refused'),
    strictErrors: (a) => [a.schemaError.value],
  },
  {
    id: 'body-id-mismatch',
    why: 'a body id that is not the id in the URL',
    stage: 'body',
    source: CITED.idMismatch,
    applies: (f) => typeof f.sent.id === 'string' && f.sent.id !== f.urlId,
    open: open('bodyIdMismatch', (reading) => reading !== 'url-wins'),
    strictErrors: (a) => (a.bodyIdMismatch.value === 'url-wins' ? [] : [a.bodyIdMismatch.value]),
  },
  {
    id: 'role-absent',
    why: 'a role that does not exist',
    stage: 'body',
    source: CITED.absentRelated,
    applies: (f) => f.sent.roleId !== undefined && !f.roles.has(f.sent.roleId),
    strictErrors: (a) => [a.unknownRole.value],
  },
  {
    id: 'name-blank',
    why: 'a blank name',
    stage: 'body',
    source: assumption('blankName'),
    applies: (f) => name(f, isBlankName),
    open: open('blankName', (reading) => reading === 'rejected'),
    strictErrors: () => [INVALID_FIELD],
  },
  {
    id: 'name-long',
    why: 'a long name',
    stage: 'body',
    source: assumption('nameLengthLimit'),
    applies: (f) => name(f, isLongName),
    open: open('nameLengthLimit', (reading, f) => overLimit(reading, f.sent.name ?? '')),
    strictErrors: () => [INVALID_FIELD],
  },
  {
    id: 'name-taken',
    why: 'the name of another token',
    stage: 'body',
    source: assumption('uniqueNames'),
    applies: (f) => name(f, (n) => storedNames(n, defaultAssumptions).some((stored) => f.otherNames.has(stored))),
    open: open('uniqueNames', (reading) => reading === 'enforced'),
    strictErrors: () => [INVALID_FIELD],
  },
  {
    id: 'name-odd-characters',
    why: 'a name with control characters, noncharacters or lone surrogates',
    stage: 'body',
    source: assumption('nameControlCharacters'),
    applies: (f) => name(f, hasOddCharacters),
    open: open('nameControlCharacters', (reading) => reading === 'refused'),
    strictErrors: () => [INVALID_FIELD],
  },
];
