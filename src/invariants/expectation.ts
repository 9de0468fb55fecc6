import {
  accepted,
  isPlainObject,
  nameUncertainty,
  NAME_LENGTH_UNCERTAIN_ABOVE,
  type ErrorChoice,
} from '../spec/index.ts';
import type { UpdateStep } from '../scenarios/index.ts';
import { choices, withCode } from './outcome.ts';
import type { OracleContext } from './types.ts';

/** Why the contract refuses, or may refuse, a request. */
export interface Reason {
  why: string;
  refusals: ErrorChoice[];
  /** Certain: the contract refuses. Uncertain: the contract does not say (e.g. a blank name). */
  certain: boolean;
}

/** What the contract allows for one concrete update, whatever the generator meant to send. */
export interface Expectation {
  reasons: Reason[];
  /** Applying it is correct (no certain reason to refuse). */
  mayApply: boolean;
  /** Applying it is required (no reason at all to refuse). */
  mustApply: boolean;
  /** Every refusal that is correct: any reason's, since the order of the checks is not documented. */
  refusals: ErrorChoice[];
}

const INVALID_FIELD: ErrorChoice = { status: 422, code: 'INVALID_FIELD' };

/**
 * Classifies the request that was really sent — after generation and after shrinking — against the
 * spec (ajv) and the documented rules. The generator's label plays no part (Schemathesis #4332).
 */
export function expectationFor(observation: UpdateStep, oracle: OracleContext): Expectation {
  const { request, ids, case: c, targetBefore } = observation;
  const { assumptions } = oracle;
  const reasons: Reason[] = [];
  const refuse = (why: string, refusals: ErrorChoice[], certain = true) => reasons.push({ why, refusals, certain });

  switch (c.caller) {
    case 'none':
      refuse('no credential', [...choices(oracle, assumptions.missingCredential)]);
      break;
    case 'invalid':
      refuse('an unknown credential', [{ status: 401, code: 'INVALID_AUTHORIZATION_HEADER' }]);
      break;
    case 'no-cma':
      refuse('a caller without can_access_cma', [...choices(oracle, assumptions.cmaWithoutFlag)]);
      break;
    case 'no-manage':
      refuse('a caller whose role lacks can_manage_access_tokens', [
        ...choices(oracle, assumptions.insufficientPermissions),
      ]);
      break;
    case 'admin':
      break;
  }
  if (targetBefore === undefined) refuse('an unknown or deleted token', [{ status: 404, code: 'NOT_FOUND' }]);
  else if (targetBefore.hardcodedType !== null)
    refuse('a factory token', withCode(oracle, assumptions.nonEditableStatus, 'NON_EDITABLE_ACCESS_TOKEN'));

  if (request.rawBody !== undefined) {
    refuse('a body that is not JSON', withCode(oracle, assumptions.malformedJsonStatus, 'INVALID_JSON_BODY'));
  } else {
    const schema = oracle.contract.operation('updateAccessToken').requestBody?.get(request.contentType);
    const issues = schema ? oracle.contract.validate(schema, request.body).issues : [];
    if (issues.length > 0)
      refuse(`a body that breaks the schema (${issues[0]?.message})`, [{ status: 422, code: 'INVALID_FORMAT' }]);
    else valueReasons(request.body, request.targetId, ids.unknownRoleId, oracle, refuse);
  }
  const certain = reasons.some((r) => r.certain);
  return {
    reasons,
    mayApply: !certain,
    mustApply: reasons.length === 0,
    refusals: reasons.flatMap((r) => r.refusals),
  };
}

/** Rules on the values of a schema-valid body. */
function valueReasons(
  body: unknown,
  targetId: string,
  unknownRoleId: string,
  oracle: OracleContext,
  refuse: (why: string, refusals: ErrorChoice[], certain?: boolean) => void,
): void {
  const { assumptions } = oracle;
  const data = isPlainObject(body) && isPlainObject(body.data) ? body.data : {};
  if (data.id !== targetId)
    refuse('a body id that is not the id in the URL', [...choices(oracle, assumptions.bodyIdMismatch)]);
  const role =
    isPlainObject(data.relationships) &&
    isPlainObject(data.relationships.role) &&
    isPlainObject(data.relationships.role.data)
      ? data.relationships.role.data
      : undefined;
  if (role?.id === unknownRoleId) refuse('a role that does not exist', [...choices(oracle, assumptions.unknownRole)]);
  const name = isPlainObject(data.attributes) ? data.attributes.name : undefined;
  if (typeof name !== 'string') return;
  const uncertainty = nameUncertainty(name);
  if (uncertainty === 'blank') {
    const readings = accepted(assumptions.blankName, oracle.strict);
    const onlyRejected = readings.length === 1 && readings[0] === 'rejected';
    const onlyAccepted = readings.length === 1 && readings[0] === 'accepted';
    if (!onlyAccepted) refuse('a blank name', [INVALID_FIELD], onlyRejected);
  }
  if (uncertainty === 'long') refuse(`a name over ${NAME_LENGTH_UNCERTAIN_ABOVE} characters`, [INVALID_FIELD], false);
  if (uncertainty === 'control characters') {
    refuse('a name with control characters', [INVALID_FIELD, { status: 422, code: 'INVALID_FORMAT' }], false);
  }
}
