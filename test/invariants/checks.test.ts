import { beforeAll, describe, expect, it } from 'vitest';
import { access, invariantById, type InvariantId, type OracleContext } from '../../src/invariants/index.ts';
import type {
  ConcurrencyObservation,
  FramedUpdateObservation,
  HardcodedObservation,
  IdempotenceObservation,
  Observation,
  PermissionObservation,
  TokenView,
  UpdateBatchObservation,
} from '../../src/scenarios/index.ts';
import { loadContract, resolveAssumptions } from '../../src/spec/index.ts';
import {
  error,
  exchange,
  resource,
  token,
  updateBody,
  updateObservation,
  attributes,
} from '../support/observations.ts';

// Each invariant's check alone, on observations made by hand: what it accepts, and each way it fails.
let oracle: OracleContext;
let strict: OracleContext;
beforeAll(async () => {
  oracle = { contract: await loadContract(), assumptions: resolveAssumptions(), strict: false };
  strict = { ...oracle, strict: true };
});

/** The kind of violation the check reports, or 'held'. */
const verdict = (id: InvariantId, o: Observation, with_: OracleContext = oracle) =>
  invariantById(id).check(o, with_)?.kind ?? 'held';

const renamed = token({ ...attributes });
const bystander = token({ id: '11', name: 'bystander' });

describe('secret-unchanged', () => {
  it('holds when the answer and the read show the secret of before', () => {
    expect(verdict('secret-unchanged', updateObservation())).toBe('held');
  });
  it('fails when the answer shows another secret', () => {
    const rotated = { data: resource(token({ ...attributes, secret: '[redacted sha256:00000000000000bb]' })) };
    expect(verdict('secret-unchanged', updateObservation({ answer: { status: 200, body: rotated } }))).toBe(
      'secret-changed',
    );
  });
});

describe('role-preserved-when-omitted and role-reassigned', () => {
  it('hold when the role is kept without relationships, and becomes the one sent with them', () => {
    expect(verdict('role-preserved-when-omitted', updateObservation())).toBe('held');
    const reassign = updateBody({}, { relationships: { role: { data: { type: 'role', id: '2' } } } });
    const moved = token({ ...attributes, roleId: '2' });
    const o = updateObservation({
      body: reassign,
      answer: { status: 200, body: { data: resource(moved) } },
      after: [moved, bystander],
    });
    expect(verdict('role-reassigned', o)).toBe('held');
  });
  it('fail when the role changes without relationships, or stays despite them', () => {
    const dropped = token({ ...attributes, roleId: null });
    expect(verdict('role-preserved-when-omitted', updateObservation({ read: dropped }))).toBe('role-changed');
    const reassign = updateBody({}, { relationships: { role: { data: { type: 'role', id: '2' } } } });
    expect(verdict('role-reassigned', updateObservation({ body: reassign }))).toBe('role-not-reassigned');
  });
});

describe('attributes-applied', () => {
  it('holds when the answer and the read show what was sent, in any form a correct server may store', () => {
    expect(verdict('attributes-applied', updateObservation())).toBe('held');
    const nfc = token({ ...attributes, name: 'caf\u00e9' });
    const o = updateObservation({
      body: updateBody({ name: 'cafe\u0301' }),
      answer: { status: 200, body: { data: resource(nfc) } },
      after: [nfc, bystander],
    });
    expect(verdict('attributes-applied', o)).toBe('held');
    expect(verdict('attributes-applied', o, strict)).toBe('response-not-as-sent');
  });
  it('fails on a refused valid update, a truncated name, a stale read', () => {
    expect(verdict('attributes-applied', updateObservation({ answer: error(422, 'INVALID_FIELD') }))).toBe(
      'valid-update-refused',
    );
    const long = 'x'.repeat(150);
    const cut = token({ ...attributes, name: long.slice(0, 100) });
    const truncated = updateObservation({
      body: updateBody({ name: long }),
      answer: { status: 200, body: { data: resource(cut) } },
      after: [cut, bystander],
    });
    expect(verdict('attributes-applied', truncated)).toBe('response-not-as-sent');
    expect(verdict('attributes-applied', updateObservation({ read: token() }))).toBe('read-not-as-sent');
  });
  it('lets a server refuse a name the docs leave open: a long one', () => {
    const o = updateObservation({ body: updateBody({ name: 'x'.repeat(300) }), answer: error(422, 'INVALID_FIELD') });
    expect(verdict('attributes-applied', o)).toBe('held');
  });
});

describe('hardcoded-rejected', () => {
  const factory = token({ hardcoded_type: 'readonly' });
  const refusedWith = (answer: { status: number; body: unknown }, after = [factory, bystander]) =>
    ({
      ...updateObservation({ before: [factory, bystander], answer, after }),
      rotation: undefined,
      restore: undefined,
    }) satisfies HardcodedObservation;
  it('holds on NON_EDITABLE_ACCESS_TOKEN at any client-error status (the status is not documented)', () => {
    expect(verdict('hardcoded-rejected', refusedWith(error(401, 'NON_EDITABLE_ACCESS_TOKEN')))).toBe('held');
    expect(verdict('hardcoded-rejected', refusedWith(error(422, 'NON_EDITABLE_ACCESS_TOKEN')))).toBe('held');
    expect(verdict('hardcoded-rejected', refusedWith(error(403, 'NON_EDITABLE_ACCESS_TOKEN')))).toBe('held');
    expect(verdict('hardcoded-rejected', refusedWith(error(403, 'NON_EDITABLE_ACCESS_TOKEN')), strict)).toBe(
      'wrong-refusal',
    );
  });
  it('fails on another code (it is documented), on an update applied, on a refusal that changed the token', () => {
    expect(verdict('hardcoded-rejected', refusedWith(error(401, 'INSUFFICIENT_PERMISSIONS')))).toBe('wrong-refusal');
    const applied = token({ ...attributes, hardcoded_type: 'readonly' });
    expect(verdict('hardcoded-rejected', refusedWith({ status: 200, body: { data: resource(applied) } }))).toBe(
      'factory-token-updated',
    );
    expect(verdict('hardcoded-rejected', refusedWith(error(401, 'NON_EDITABLE_ACCESS_TOKEN'), [applied]))).toBe(
      'refused-but-changed',
    );
  });
  it('knows the factory token’s own role exists: naming it leaves NON_EDITABLE_ACCESS_TOKEN the only answer', () => {
    // The project's Read-only role is none of the run's: the body is valid all the same.
    const own = token({ hardcoded_type: 'readonly', roleId: '7' });
    const o = {
      ...updateObservation({
        before: [own, bystander],
        body: updateBody({}, { relationships: { role: { data: { type: 'role', id: '7' } } } }),
        answer: error(401, 'INSUFFICIENT_PERMISSIONS'),
        after: [own, bystander],
      }),
      rotation: undefined,
      restore: undefined,
    } satisfies HardcodedObservation;
    expect(verdict('hardcoded-rejected', o)).toBe('wrong-refusal');
  });
});

describe('the permission invariants', () => {
  const probed = (
    outcome: 'allowed' | 'refused',
    expected: 'allowed' | 'refused' | 'either',
  ): PermissionObservation => {
    const next = exchange('GET', '/site', outcome === 'allowed' ? 200 : 401, {});
    return {
      case: {
        start: {
          name: 'p',
          flags: { can_access_cda: true, can_access_cda_preview: true, can_access_cma: true },
          role: 'viewer',
        },
        next: {
          flags: { can_access_cda: true, can_access_cda_preview: true, can_access_cma: false },
          role: 'viewer',
          sendRole: false,
        },
        connection: 'reused',
      },
      tokenId: '10',
      warm: [],
      update: exchange('PUT', '/access_tokens/10', 200, {}),
      next: [{ surface: 'cma', outcome, exchange: next }],
      expected: { cma: expected, cda: 'allowed', 'cda-preview': 'allowed', secrets: 'refused', 'cma-write': 'refused' },
      propagation: [{ surface: 'cma', reflectedAfterMs: undefined, probes: 1 }],
      exchanges: [next],
    };
  };
  it('hold when the very next call follows the new flags, or either answer where the docs leave it open', () => {
    expect(verdict('permissions-immediate-cma', probed('refused', 'refused'))).toBe('held');
    expect(verdict('permissions-immediate-cma', probed('allowed', 'either'))).toBe('held');
  });
  it('fail when the very next call still follows the old ones', () => {
    expect(verdict('permissions-immediate-cma', probed('allowed', 'refused'))).toBe('change-not-immediate');
  });
  it('let a token whose role may not manage API tokens write, or not (§12.2); strict: not', () => {
    const cma = { can_access_cda: false, can_access_cda_preview: false, can_access_cma: true };
    expect(access('cma-write', cma, false, oracle)).toBe('either');
    expect(access('cma-write', cma, false, strict)).toBe('refused');
    const allowed = { ...strict, assumptions: resolveAssumptions({ manageTokensToUpdate: 'allowed' }) };
    expect(access('cma-write', cma, false, allowed)).toBe('allowed');
    expect(access('cma-write', cma, true, oracle)).toBe('allowed');
    expect(access('cma-write', { ...cma, can_access_cma: false }, false, oracle)).toBe('refused');
    // Whether its secrets show is another point (readWithoutManagePermission): never.
    expect(access('secrets', cma, false, oracle)).toBe('refused');
    const wrote = exchange('PUT', '/access_tokens/11', 200, {});
    const o = probed('refused', 'refused');
    const written: PermissionObservation = {
      ...o,
      next: [{ surface: 'cma-write', outcome: 'allowed', exchange: wrote }],
      expected: { ...o.expected, 'cma-write': access('cma-write', cma, false, oracle) },
      propagation: [{ surface: 'cma-write', reflectedAfterMs: undefined, probes: 1 }],
      exchanges: [wrote],
    };
    expect(verdict('permissions-immediate-cma', written)).toBe('held');
    const strictly = { ...written, expected: { ...o.expected, 'cma-write': access('cma-write', cma, false, strict) } };
    expect(verdict('permissions-immediate-cma', strictly, strict)).toBe('change-not-immediate');
  });
});

describe('invalid-rejected-unchanged and auth-enforced', () => {
  const batch = (...steps: ReturnType<typeof updateObservation>[]): UpdateBatchObservation => ({
    steps,
    exchanges: steps.flatMap((s) => s.exchanges),
  });
  const unknownAttribute = updateBody({ colour: 'red' });
  it('hold on any client error with a DatoCMS error document, the project unchanged', () => {
    for (const [status, code] of [
      [422, 'INVALID_FORMAT'],
      [400, 'INVALID_REQUEST'],
    ] as const) {
      const o = updateObservation({ body: unknownAttribute, answer: error(status, code) });
      expect(verdict('invalid-rejected-unchanged', batch(o))).toBe('held');
    }
    expect(verdict('auth-enforced', updateObservation({ caller: 'none', answer: error(401, 'INVALID_SITE') }))).toBe(
      'held',
    );
  });
  it('fail on an invalid update applied, a refusal that is no error document, a refusal that changed something', () => {
    expect(verdict('invalid-rejected-unchanged', batch(updateObservation({ body: unknownAttribute })))).toBe(
      'accepted',
    );
    const html = updateObservation({ body: unknownAttribute, answer: { status: 400, body: '<h1>oops</h1>' } });
    expect(verdict('invalid-rejected-unchanged', batch(html))).toBe('wrong-refusal');
    // A 5xx is the server's own error, whichever invariant sent the request (RFC 9110 §15.6).
    const crash = updateObservation({ body: unknownAttribute, answer: { status: 500, body: '<h1>oops</h1>' } });
    expect(verdict('invalid-rejected-unchanged', batch(crash))).toBe('server-error');
    const overloaded = updateObservation({ body: unknownAttribute, answer: error(503, 'SERVICE_UNAVAILABLE') });
    expect(verdict('invalid-rejected-unchanged', batch(overloaded))).toBe('wrong-refusal');
    const partly = updateObservation({
      body: unknownAttribute,
      answer: error(422, 'INVALID_FORMAT'),
      after: [token({ name: 'renamed' }), bystander],
    });
    expect(verdict('invalid-rejected-unchanged', batch(partly))).toBe('refused-but-changed');
    expect(verdict('auth-enforced', updateObservation({ caller: 'none' }))).toBe('accepted');
    expect(verdict('auth-enforced', updateObservation({ caller: 'no-cma' }))).toBe('accepted');
  });
  it('let a caller whose role may not manage API tokens have its update refused, or applied as sent (§12.2)', () => {
    const refusedByRole = updateObservation({ caller: 'no-manage', answer: error(401, 'INSUFFICIENT_PERMISSIONS') });
    expect(verdict('auth-enforced', refusedByRole)).toBe('held');
    expect(verdict('auth-enforced', refusedByRole, strict)).toBe('held');
    // Applied: a legacy controller did not check the permission before an update.
    const applied = updateObservation({ caller: 'no-manage' });
    expect(verdict('auth-enforced', applied)).toBe('held');
    expect(verdict('auth-enforced', applied, strict)).toBe('accepted');
    const allowedByAssumption = { ...strict, assumptions: resolveAssumptions({ manageTokensToUpdate: 'allowed' }) };
    expect(verdict('auth-enforced', applied, allowedByAssumption)).toBe('held');
    // Applied, it must be applied exactly as sent, and to that token only.
    const otherwise = updateObservation({
      caller: 'no-manage',
      after: [token({ ...attributes, name: 'else' }), bystander],
    });
    expect(verdict('auth-enforced', otherwise)).toBe('applied-not-as-sent');
  });
  it('under --strict-assumptions, still look at an update the assumed readings let through', () => {
    // A name past 255 code points: the mock's reading (no limit) applies it, others refuse it.
    const long = 'n'.repeat(300);
    const spilled = updateObservation({
      body: updateBody({ name: long }),
      answer: { status: 200, body: { data: resource(token({ ...attributes, name: long })) } },
      after: [token({ ...attributes, name: long }), token({ id: '11', name: 'renamed too' })],
    });
    expect(verdict('invalid-rejected-unchanged', batch(spilled))).toBe('applied-to-others');
    expect(verdict('invalid-rejected-unchanged', batch(spilled), strict)).toBe('applied-to-others');
  });
  it('let a server apply what it may (a body id the URL overrides), but only to the token in the URL', () => {
    const otherId = updateBody({}, { id: '11' });
    expect(verdict('invalid-rejected-unchanged', batch(updateObservation({ body: otherId })))).toBe('held');
    const wrongToken = updateObservation({
      body: otherId,
      answer: { status: 200, body: { data: resource(token({ ...attributes, id: '11' })) } },
      after: [token(), token({ ...attributes, id: '11' })],
    });
    expect(verdict('invalid-rejected-unchanged', batch(wrongToken))).toBe('applied-not-as-sent');
  });
});

describe('response-conforms', () => {
  const answered = (status: number, body: unknown, contentType?: string) => {
    const o = updateObservation();
    const update = exchange('PUT', '/access_tokens/10', status, body, {
      operationId: 'updateAccessToken',
      ...(contentType ? { contentType } : {}),
    });
    return { ...o, update, exchanges: [update] };
  };
  it('holds on a documented answer; by default on any JSON media type and an unlisted 4xx error document', () => {
    expect(verdict('response-conforms', answered(200, { data: resource(renamed) }))).toBe('held');
    const jsonApi = answered(200, { data: resource(renamed) }, 'application/vnd.api+json');
    expect(verdict('response-conforms', jsonApi)).toBe('held');
    expect(verdict('response-conforms', jsonApi, strict)).toBe('content-type');
    const conflict = answered(409, error(409, 'CONFLICT').body);
    expect(verdict('response-conforms', conflict)).toBe('held');
    expect(verdict('response-conforms', conflict, strict)).toBe('status');
  });
  it('fails on a server error, a page that is not JSON, a body that breaks the schema', () => {
    expect(verdict('response-conforms', answered(500, error(500, 'INTERNAL').body))).toBe('server-error');
    expect(verdict('response-conforms', answered(404, 'Not Found', 'text/html'))).toBe('content-type');
    expect(verdict('response-conforms', answered(404, { errors: [{ title: 'Not Found' }] }))).toBe('body');
  });
});

describe('idempotent', () => {
  const twice = (second: { status: number; body: unknown }, secondRead = renamed): IdempotenceObservation => {
    const o = updateObservation();
    return {
      case: o.case,
      request: o.request,
      first: o.update,
      firstRead: o.read,
      second: exchange('PUT', '/access_tokens/10', second.status, second.body),
      secondRead: exchange('GET', '/access_tokens/10', 200, { data: resource(secondRead) }),
      exchanges: [],
    };
  };
  it('holds when the second identical update leaves the same state', () => {
    expect(verdict('idempotent', twice({ status: 200, body: { data: resource(renamed) } }))).toBe('held');
  });
  it('fails when the second one is refused, or changes the token again', () => {
    expect(verdict('idempotent', twice(error(422, 'INVALID_FIELD')))).toBe('second-refused');
    const suffixed = token({ ...attributes, name: 'renamed (2)' });
    expect(verdict('idempotent', twice({ status: 200, body: { data: resource(suffixed) } }, suffixed))).toBe(
      'second-changed',
    );
  });
});

describe('read-only-untouched and others-untouched', () => {
  it('hold when a refused write of read-only attributes changed nothing, and no other token changed', () => {
    const o = updateObservation({
      body: updateBody({ hardcoded_type: 'admin' }),
      answer: error(422, 'INVALID_FORMAT'),
    });
    expect(verdict('read-only-untouched', o)).toBe('held');
    expect(verdict('others-untouched', updateObservation())).toBe('held');
  });
  it('fail when a read-only attribute was written, or another token changed', () => {
    const written = updateObservation({
      body: updateBody({ hardcoded_type: 'admin' }),
      after: [token({ ...attributes, hardcoded_type: 'admin' }), bystander],
    });
    expect(verdict('read-only-untouched', written)).toBe('read-only-written');
    const touched = updateObservation({ after: [renamed, token({ ...bystander, can_access_cma: false })] });
    expect(verdict('others-untouched', touched)).toBe('other-token-changed');
  });
});

describe('concurrent-updates-atomic', () => {
  const states = [
    { name: 'a', can_access_cda: true, can_access_cda_preview: true, can_access_cma: true, role: 'omitted' as const },
    {
      name: 'b',
      can_access_cda: false,
      can_access_cda_preview: false,
      can_access_cma: false,
      role: 'manager' as const,
    },
  ];
  const start = token({ name: 'start' });
  const shown = (s: (typeof states)[number]) =>
    token({
      name: s.name,
      can_access_cda: s.can_access_cda,
      can_access_cda_preview: s.can_access_cda_preview,
      can_access_cma: s.can_access_cma,
      roleId: s.role === 'manager' ? '2' : '1',
    });
  const race = (
    answers: { status: number; body: unknown }[],
    final: ReturnType<typeof token>,
  ): ConcurrencyObservation => {
    const read = exchange('GET', '/access_tokens/10', 200, { data: resource(final) });
    return {
      case: { start: { name: 'start', flags: start, role: 'viewer' }, submitted: states },
      roleIds: { manager: '2', viewer: '1' },
      startRoleId: '1',
      start,
      updates: answers.map((a) => exchange('PUT', '/access_tokens/10', a.status, a.body)),
      concurrentRead: exchange('GET', '/access_tokens/10', 200, { data: resource(start) }),
      read,
      final,
      exchanges: [],
    };
  };
  const ok = (s: (typeof states)[number]) => ({ status: 200, body: { data: resource(shown(s)) } });
  it('holds when the token ends as one write left it; a write refused as a conflict is correct (RFC 9110)', () => {
    expect(verdict('concurrent-updates-atomic', race([ok(states[0]!), ok(states[1]!)], shown(states[1]!)))).toBe(
      'held',
    );
    expect(
      verdict('concurrent-updates-atomic', race([ok(states[0]!), error(409, 'CONFLICT')], shown(states[0]!))),
    ).toBe('held');
  });
  it('fails when the fields of two writes are mixed, or a refused write is what the token shows', () => {
    const mixed = token({ ...shown(states[0]!), roleId: '2', can_access_cma: false });
    expect(verdict('concurrent-updates-atomic', race([ok(states[0]!), ok(states[1]!)], mixed))).toBe('torn-state');
    expect(
      verdict('concurrent-updates-atomic', race([ok(states[0]!), error(409, 'CONFLICT')], shown(states[1]!))),
    ).toBe('torn-state');
  });
});

describe('unset-attributes-unchanged', () => {
  const used = token({ last_cma_access: 'today', last_cda_access: 'today' });
  const applied = token({ ...used, ...attributes });
  const framed = (o: { answer?: TokenView; after?: TokenView; again?: number } = {}): FramedUpdateObservation => {
    const shown = o.answer ?? applied;
    return {
      ...updateObservation({
        before: [used, bystander],
        answer: { status: 200, body: { data: resource(shown) } },
        after: [o.after ?? applied, bystander],
      }),
      uses: [],
      again: exchange('PUT', '/access_tokens/10', o.again ?? 200, {}),
      usable: undefined,
    };
  };
  it('holds when only what the body set changed, and the token can be updated again', () => {
    expect(verdict('unset-attributes-unchanged', framed())).toBe('held');
  });
  it('fails when a read-only attribute or a last access changes, or the token can no longer be updated', () => {
    const forgotten = token({ ...applied, last_cma_access: 'never' });
    expect(verdict('unset-attributes-unchanged', framed({ after: forgotten }))).toBe('unset-attribute-changed');
    const marked = token({ ...applied, hardcoded_type: 'readonly' });
    expect(verdict('unset-attributes-unchanged', framed({ answer: marked }))).toBe('unset-attribute-changed');
    expect(verdict('unset-attributes-unchanged', framed({ again: 422 }))).toBe('not-updatable-after');
  });
});
