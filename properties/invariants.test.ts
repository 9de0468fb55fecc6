import { describe, it } from 'vitest';
import { CITED } from '../src/spec/index.ts';
import { holds } from './support/campaign.ts';

// Each promise of the documentation, as a property of the embedded mock: 50 generated cases (the
// first ones chosen to cover the input classes), every one of them must hold.
describe(`"${CITED.secretUnaffected.quote}"`, () => {
  it("no update, valid or not, changes the token's secret", () => holds('secret-unchanged'));
});

describe(`"${CITED.rolePreserved.quote}"`, () => {
  it('an update without relationships keeps the role', () => holds('role-preserved-when-omitted'));
});

describe(`"${CITED.roleReassigned.quote}"`, () => {
  it('an update with relationships.role gives exactly that role', () => holds('role-reassigned'));
});

describe(`"${CITED.updates.quote}"`, () => {
  it('a valid update is accepted, and the response and the next read show exactly what was sent', () =>
    holds('attributes-applied'));
  it('updating one token leaves every other token unchanged', () => holds('others-untouched'));
  it('an accepted update changes nothing it does not set, and the token stays updatable and usable', () =>
    holds('unset-attributes-unchanged'));
  it('any sequence of operations on tokens and roles agrees with a model of the documentation', () =>
    holds('lifecycle-conforms'));
});

describe(`"${CITED.readOnly.quote}"`, () => {
  it('hardcoded_type, last_*_access and the secret cannot be written through the body', () =>
    holds('read-only-untouched'));
});

describe(`"${CITED.factoryRejected.quote}"`, () => {
  it('an update of a factory token is refused, changes nothing, and the token can still be rotated', () =>
    holds('hardcoded-rejected'));
});

describe(`"${CITED.immediate.quote}"`, () => {
  it("the token's very next CMA call follows its new can_access_cma and role", () =>
    holds('permissions-immediate-cma'));
  it("the token's very next CDA call follows its new flags", () => holds('permissions-immediate-cda'));
  it("the token's very next CDA call with drafts follows can_access_cda_preview", () =>
    holds('permissions-immediate-cda-preview'));
});

describe(`"${CITED.failsOutside2xx.quote}"`, () => {
  it('an invalid update is refused with a DatoCMS error document and changes nothing', () =>
    holds('invalid-rejected-unchanged'));
  it('a missing or weak credential is refused and changes nothing', () => holds('auth-enforced'));
  it('every response has a documented status, a JSON content type and a valid body', () => holds('response-conforms'));
});

describe(`"${CITED.idempotent.quote}" (RFC 9110)`, () => {
  it('the same update twice leaves the same state and the same response', () => holds('idempotent'));
});

describe(`"${CITED.putReplaces.quote}" (RFC 9110)`, () => {
  it('concurrent updates of one token end in one of the applied states, secret unchanged', () =>
    holds('concurrent-updates-atomic'));
});
