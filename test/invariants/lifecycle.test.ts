import { beforeAll, describe, expect, it } from 'vitest';
import { invariantById, type OracleContext } from '../../src/invariants/index.ts';
import type { LifecycleObservation, LifecycleStep, Operation, TokenView } from '../../src/scenarios/index.ts';
import { loadContract, resolveAssumptions } from '../../src/spec/index.ts';
import type { Exchange } from '../../src/target/index.ts';
import { error, exchange, resource, token } from '../support/observations.ts';

// The lifecycle model's judgement of sequences recorded by hand: a correct history passes, and
// each way a server can leave the documented semantics is named.
let oracle: OracleContext;
beforeAll(async () => {
  oracle = { contract: await loadContract(), assumptions: resolveAssumptions(), strict: false };
});

const PREFIX = 'tc-run-';
const flags = { can_access_cda: true, can_access_cda_preview: false, can_access_cma: true };
const created = token({ id: '20', name: `${PREFIX}a`, roleId: '1', ...flags });
const renamed = token({ ...created, name: `${PREFIX}b`, can_access_cma: false });
const rotated = token({ ...created, secret: '[redacted sha256:00000000000000cc]' });

const listing = (...tokens: TokenView[]) => exchange('GET', '/access_tokens', 200, { data: tokens.map(resource) });
const answer = (status: number, view: TokenView) => exchange('X', '/', status, { data: resource(view) });
const body = (view: TokenView, roleId?: string) => ({
  data: {
    type: 'access_token',
    id: view.id,
    attributes: {
      name: view.name,
      can_access_cda: view.can_access_cda,
      can_access_cda_preview: view.can_access_cda_preview,
      can_access_cma: view.can_access_cma,
    },
    ...(roleId ? { relationships: { role: { data: { type: 'role', id: roleId } } } } : {}),
  },
});

const step = (operations: Operation[], answers: Exchange[], after: TokenView[]): LifecycleStep => ({
  operations,
  answers,
  listing: listing(...after),
});
const create: LifecycleStep = step(
  [{ kind: 'create-token', name: created.name, flags, roleId: '1' }],
  [answer(201, created)],
  [created],
);
const update = (to: TokenView, status = 200, roleId?: string): LifecycleStep =>
  step(
    [{ kind: 'update', tokenId: '20', body: body(to, roleId) }],
    [status === 200 ? answer(200, to) : exchange('PUT', '/', status, error(status, 'INVALID_FIELD').body)],
    [status === 200 ? to : created],
  );

/** An update to `renamed` racing a rotation of the same token: their answers, then the listing. */
const updateRacingRotation = (updateAnswer: Exchange, rotationAnswer: Exchange, after: TokenView): LifecycleStep =>
  step(
    [
      { kind: 'update', tokenId: '20', body: body(renamed) },
      { kind: 'rotate', tokenId: '20' },
    ],
    [updateAnswer, rotationAnswer],
    [after],
  );

function verdict(...steps: LifecycleStep[]): string {
  const observation: LifecycleObservation = {
    start: {
      prefix: PREFIX,
      roles: { manager: '2', viewer: '1' },
      deletedRoleId: '99',
      listing: listing(),
      roleListing: exchange('GET', '/roles', 200, {
        data: [
          { type: 'role', id: '1' },
          { type: 'role', id: '2' },
        ],
      }),
    },
    steps,
    commands: '',
    exchanges: steps.flatMap((s) => [...s.answers, s.listing]),
  };
  return invariantById('lifecycle-conforms').check(observation, oracle)?.kind ?? 'held';
}

describe('lifecycle-conforms', () => {
  it('holds on a history the documentation explains', () => {
    expect(verdict(create, update(renamed))).toBe('held');
    const rotation = step([{ kind: 'rotate', tokenId: '20' }], [answer(200, rotated)], [rotated]);
    const deletion = step([{ kind: 'delete-token', tokenId: '20' }], [answer(200, rotated)], []);
    const gone = step(
      [{ kind: 'read', tokenId: '20' }],
      [exchange('GET', '/access_tokens/20', 404, error(404, 'NOT_FOUND').body)],
      [],
    );
    expect(verdict(create, rotation, deletion, gone)).toBe('held');
    // DELETE is idempotent (RFC 9110 §9.2.2): deleting again may succeed, as long as nothing comes back.
    const again = step(
      [{ kind: 'delete-token', tokenId: '20' }],
      [exchange('DELETE', '/access_tokens/20', 204, '')],
      [],
    );
    expect(verdict(create, deletion, again)).toBe('held');
    const revived = step(
      [{ kind: 'delete-token', tokenId: '20' }],
      [exchange('DELETE', '/access_tokens/20', 204, '')],
      [created],
    );
    expect(verdict(create, deletion, revived)).toBe('deleted-token-lives');
  });

  it('fails when a valid update is refused, or a reference to a deleted role is accepted', () => {
    expect(verdict(create, update(renamed, 422))).toBe('refused-wrongly');
    expect(verdict(create, update(token({ ...renamed, roleId: '99' }), 200, '99'))).toBe('applied-wrongly');
  });

  it('fails when the secret changes without a rotation, or a rotation keeps it or changes the rest', () => {
    const leaked = token({ ...created, secret: '[redacted sha256:00000000000000dd]' });
    expect(verdict(create, step([{ kind: 'read', tokenId: '20' }], [answer(200, created)], [leaked]))).toBe(
      'secret-changed',
    );
    expect(verdict(create, step([{ kind: 'rotate', tokenId: '20' }], [answer(200, created)], [created]))).toBe(
      'rotation-wrong',
    );
    const reset = token({ ...rotated, roleId: '2' });
    expect(verdict(create, step([{ kind: 'rotate', tokenId: '20' }], [answer(200, reset)], [reset]))).toBe(
      'rotation-wrong',
    );
  });

  it('fails when a deleted token is still listed, or still works', () => {
    const deletion = step([{ kind: 'delete-token', tokenId: '20' }], [answer(200, created)], [created]);
    expect(verdict(create, deletion)).toBe('deleted-token-lives');
    const deleted = step([{ kind: 'delete-token', tokenId: '20' }], [answer(200, created)], []);
    const probe = step([{ kind: 'probe', tokenId: '20', surface: 'cma' }], [exchange('GET', '/site', 200, {})], []);
    expect(verdict(create, deleted, probe)).toBe('deleted-token-lives');
  });

  it('fails when last access moves without a call, but lets it show a late record of one', () => {
    const used = token({ ...created, last_cma_access: 'today' });
    expect(verdict(create, step([{ kind: 'read', tokenId: '20' }], [answer(200, created)], [used]))).toBe(
      'last-access-wrong',
    );
    const probe = step(
      [{ kind: 'probe', tokenId: '20', surface: 'cma' }],
      [exchange('GET', '/site', 200, {})],
      [created],
    );
    expect(verdict(create, probe, step([{ kind: 'read', tokenId: '20' }], [answer(200, used)], [used]))).toBe('held');
  });

  it('accepts concurrent operations that some order explains, and nothing else', () => {
    const race = (final: TokenView, updateAnswer: TokenView) =>
      updateRacingRotation(answer(200, updateAnswer), answer(200, token({ ...final, secret: rotated.secret })), final);
    const both = token({ ...renamed, secret: rotated.secret });
    expect(verdict(create, race(both, renamed))).toBe('held');
    // The rotation's secret was lost: no order gives the old secret back after it.
    expect(verdict(create, race(renamed, renamed))).toBe('not-linearizable');
  });

  it('accepts answers built from the record as each operation loaded it, if the listing shows the final state', () => {
    // Update and rotation race on a server without row locks: each answers with its own copy.
    const both = token({ ...renamed, secret: rotated.secret });
    const ownCopies = updateRacingRotation(answer(200, renamed), answer(200, rotated), both);
    expect(verdict(create, ownCopies)).toBe('held');
    // An update without relationships answers the role it loaded; the other update's role is kept.
    const managed = token({ ...created, name: `${PREFIX}c`, roleId: '2' });
    const final = token({ ...renamed, roleId: '2' });
    const roles = step(
      [
        { kind: 'update', tokenId: '20', body: body(renamed) },
        { kind: 'update', tokenId: '20', body: body(managed, '2') },
      ],
      [answer(200, renamed), answer(200, managed)],
      [final],
    );
    expect(verdict(create, roles)).toBe('held');
    // Each answer must still show its own operation's effect.
    const lost = updateRacingRotation(answer(200, renamed), answer(200, created), both);
    expect(verdict(create, lost)).toBe('not-linearizable');
  });

  it('accepts a concurrent write refused as a client error with an error document, and nothing less', () => {
    const refused = (status: number, document: unknown) =>
      updateRacingRotation(answer(200, renamed), exchange('POST', '/', status, document), renamed);
    expect(verdict(create, refused(409, error(409, 'STALE_RECORD').body))).toBe('held');
    expect(verdict(create, refused(422, error(422, 'STALE_RECORD').body))).toBe('held');
    expect(verdict(create, refused(409, ''))).toBe('not-linearizable');
  });

  it('accepts deleting a deleted role as a success that changes nothing', () => {
    const role = step([{ kind: 'delete-role', roleId: '99' }], [exchange('DELETE', '/roles/99', 204, '')], []);
    expect(verdict(role)).toBe('held');
  });
});
