import {
  createdIdOf,
  probeOutcome,
  tokenView,
  viewOf,
  viewsOf,
  type Divergence,
  type LifecycleStart,
  type LifecycleStep,
  type Operation,
  type TokenView,
} from '../scenarios/index.ts';
import {
  accepted,
  isPlainObject,
  readTokenBody,
  storedNames,
  TOKEN_FLAGS,
  type LastAccess,
  type TokenFlags,
} from '../spec/index.ts';
import type { Exchange } from '../target/index.ts';
import { access } from './access.ts';
import { mayFollow } from './last-access.ts';
import { expectationOf } from './expectation.ts';
import { describeOutcome, isDocumentedRefusal, outcomeOf } from './outcome.ts';
import type { OracleContext } from './types.ts';

// The token lifecycle as the documentation describes it, written as code and independent of the
// mock: what each operation must do to a small model of the project, and which answers a correct
// server may give. Where the documentation leaves a choice, every choice is a prediction, and a
// step passes when one of them explains its answer and the listing that follows.

export type LifecycleKind =
  | 'refused-wrongly'
  | 'applied-wrongly'
  | 'answer-wrong'
  | 'state-wrong'
  | 'secret-changed'
  | 'rotation-wrong'
  | 'old-secret-works'
  | 'dangling-reference'
  | 'deleted-token-lives'
  | 'access-wrong'
  | 'last-access-wrong'
  | 'not-linearizable';

type Api = 'cma' | 'cda';

interface ModelToken {
  id: string;
  /** The names a correct server may show (the name as sent, as each reading stores it). */
  names: readonly string[];
  flags: TokenFlags;
  roleId: string | null;
  /** The secret's fingerprint, or the one it must no longer be (right after a rotation). */
  secret: { is: string } | { not: string } | undefined;
  /** The last-access bucket last seen, and whether the token has made a call on that API since creation. */
  access: Record<Api, { seen: LastAccess; used: boolean }>;
}

interface State {
  tokens: Map<string, ModelToken>;
  /** Tokens the sequence deleted. */
  gone: Set<string>;
  /** Tokens the documentation no longer pins down (a role was deleted under them). */
  loose: Set<string>;
  /** Live roles, and whether each may manage API tokens (undefined: not the run's, unknown). */
  roles: Map<string, boolean | undefined>;
  goneRoles: Set<string>;
  /** The project's tokens as last listed. */
  listed: TokenView[];
}

interface Misfit {
  kind: LifecycleKind;
  message: string;
  rule?: string;
}

/** One way the documentation lets an operation go: whether an answer fits it, and the model after it. */
interface Prediction {
  /** Whether it is a refusal or the operation done (to report the misfit of the answer's kind). */
  refuses: boolean;
  misfit(answer: Exchange): Misfit | undefined;
  /** The misfit of the answer's status alone, when the state it shows may be another's (see `explain`). */
  statusMisfit?(answer: Exchange): Misfit | undefined;
  next(answer: Exchange): State;
}

const copy = (s: State): State => ({
  tokens: new Map([...s.tokens].map(([id, t]) => [id, structuredClone(t)])),
  gone: new Set(s.gone),
  loose: new Set(s.loose),
  roles: new Map(s.roles),
  goneRoles: new Set(s.goneRoles),
  listed: s.listed,
});

/**
 * A refusal: a 4xx DatoCMS error document, with nothing changed (RFC 9110 §15.5, the errors page).
 * `expected` says why, for the message; `ifApplied` names the violation when the server applied it.
 */
const refusal = (state: State, expected: string, ifApplied: LifecycleKind = 'applied-wrongly'): Prediction => ({
  refuses: true,
  misfit: (answer) => {
    const outcome = outcomeOf(answer);
    if (isDocumentedRefusal(outcome)) return undefined;
    return {
      kind: outcome.kind === 'applied' ? ifApplied : 'refused-wrongly',
      message: `${expected}; the answer was ${describeOutcome(outcome)}`,
    };
  },
  next: () => state,
});

/** How a token as shown differs from the model; the first difference, if any. */
function differs(token: ModelToken, view: TokenView | undefined): Misfit | undefined {
  if (!view) return { kind: 'answer-wrong', message: `token ${token.id} is missing` };
  const wrong: string[] = [];
  if (!token.names.includes(view.name))
    wrong.push(`name ${JSON.stringify(view.name)}, expected ${token.names.map((n) => JSON.stringify(n)).join(' or ')}`);
  for (const flag of TOKEN_FLAGS) if (view[flag] !== token.flags[flag]) wrong.push(`${flag} ${view[flag]}`);
  if (view.roleId !== token.roleId) wrong.push(`role ${view.roleId}, expected ${token.roleId}`);
  if (view.hardcoded_type !== null) wrong.push(`hardcoded_type ${JSON.stringify(view.hardcoded_type)}`);
  if (wrong.length > 0) return { kind: 'answer-wrong', message: `token ${token.id} shows ${wrong.join(', ')}` };
  const secret = token.secret;
  if (
    typeof view.secret === 'string' &&
    secret &&
    ('is' in secret ? view.secret !== secret.is : view.secret === secret.not)
  )
    return {
      kind: 'is' in secret ? 'secret-changed' : 'rotation-wrong',
      message:
        'is' in secret
          ? `token ${token.id}'s secret changed (${secret.is} → ${view.secret}) though it was not rotated`
          : `token ${token.id} still has its secret from before the rotation`,
    };
  for (const api of ['cma', 'cda'] as const) {
    const shown = api === 'cma' ? view.last_cma_access : view.last_cda_access;
    const { seen, used } = token.access[api];
    if (!mayFollow(seen, shown, used))
      return {
        kind: 'last-access-wrong',
        message: `token ${token.id}'s last_${api}_access went from ${seen} to ${shown}${used ? '' : ' though it made no call there'}`,
      };
  }
  return undefined;
}

/** What the model learns from a view that agrees with it: the name as stored, the secret, the buckets. */
const adopt = (token: ModelToken, view: TokenView): ModelToken => ({
  ...token,
  names: [view.name],
  secret: typeof view.secret === 'string' ? { is: view.secret } : token.secret,
  access: {
    cma: { ...token.access.cma, seen: view.last_cma_access },
    cda: { ...token.access.cda, seen: view.last_cda_access },
  },
});

/** The model's judge for one sequence. */
/** A divergence of one of the model's kinds. */
export interface LifecycleDivergence extends Divergence {
  kind: LifecycleKind;
}

export function lifecycleModel(
  start: LifecycleStart,
  oracle: OracleContext,
): { judge(step: LifecycleStep): LifecycleDivergence | undefined } {
  const { prefix } = start;
  const updateSchema = oracle.contract.operation('updateAccessToken').requestBody?.get('application/json');
  const roles = new Map<string, boolean | undefined>();
  const roleData = isPlainObject(start.roleListing.response.body) ? start.roleListing.response.body.data : undefined;
  for (const role of Array.isArray(roleData) ? roleData : [])
    if (isPlainObject(role) && typeof role.id === 'string') roles.set(role.id, undefined);
  roles.set(start.roles.manager, true);
  roles.set(start.roles.viewer, false);
  let state: State = {
    tokens: new Map(),
    gone: new Set(),
    loose: new Set(),
    roles,
    goneRoles: new Set([start.deletedRoleId]),
    listed: viewsOf(start.listing),
  };

  const manages = (s: State, roleId: string | null) => (roleId === null ? false : s.roles.get(roleId));

  function predictUpdate(s: State, tokenId: string, body: unknown): Prediction[] {
    const sent = readTokenBody(body);
    const target = s.tokens.has(tokenId) ? s.listed.find((t) => t.id === tokenId) : undefined;
    const expectation = expectationOf(
      {
        caller: 'admin',
        urlId: tokenId,
        target,
        roles: new Set(s.roles.keys()),
        otherNames: new Set(s.listed.flatMap((t) => (t.id === tokenId ? [] : [t.name]))),
        body: { kind: 'json', value: body },
        issues: updateSchema ? oracle.contract.validate(updateSchema, body).issues : [],
        sent,
      },
      oracle,
    );
    const token = s.tokens.get(tokenId);
    const predictions: Prediction[] = [];
    if (!expectation.mustApply)
      predictions.push({
        refuses: true,
        misfit: (answer) => {
          const outcome = outcomeOf(answer);
          if (outcome.kind === 'refused' && expectation.accepts(outcome)) return undefined;
          const certain = expectation.reasons.find((r) => r.certain);
          return outcome.kind === 'applied'
            ? {
                kind: 'applied-wrongly',
                message: `an update that must be refused (${certain?.rule.why ?? 'see the rules'}) was applied: ${describeOutcome(outcome)}`,
                ...(certain ? { rule: certain.rule.id } : {}),
              }
            : {
                kind: 'refused-wrongly',
                message: `refused with ${describeOutcome(outcome)}; acceptable: ${expectation.acceptable}`,
              };
        },
        next: () => s,
      });
    if (expectation.mayApply && token)
      predictions.push({
        refuses: false,
        misfit: (answer) => updateStatusMisfit(answer) ?? differs(applied(token), viewOf(answer)),
        statusMisfit: updateStatusMisfit,
        next: () => {
          const n = copy(s);
          n.tokens.set(tokenId, applied(token));
          return n;
        },
      });
    return predictions.length > 0 ? predictions : [refusal(s, 'an update of a deleted token must be refused')];

    function updateStatusMisfit(answer: Exchange): Misfit | undefined {
      const outcome = outcomeOf(answer);
      return outcome.kind === 'applied'
        ? undefined
        : { kind: 'refused-wrongly', message: `a valid update was refused: ${describeOutcome(outcome)}` };
    }

    function applied(t: ModelToken): ModelToken {
      return {
        ...t,
        names: sent.name === undefined ? t.names : storedNames(sent.name, oracle.assumptions, oracle.strict),
        flags: { ...t.flags, ...sent.flags },
        roleId: sent.relationships === 'present' ? (sent.roleId ?? null) : t.roleId,
      };
    }
  }

  function predict(s: State, operation: Operation): Prediction[] {
    switch (operation.kind) {
      case 'create-token': {
        if (!s.roles.has(operation.roleId))
          return [
            refusal(
              s,
              `a token created with role ${operation.roleId}, which does not exist, must be refused`,
              'dangling-reference',
            ),
          ];
        const names = storedNames(operation.name, oracle.assumptions, oracle.strict);
        const fresh = (answer: Exchange): ModelToken | undefined => {
          const view = createdView(answer);
          return view
            ? {
                id: view.id,
                names,
                flags: { ...operation.flags },
                roleId: operation.roleId,
                secret: typeof view.secret === 'string' ? { is: view.secret } : undefined,
                access: { cma: { seen: 'never', used: false }, cda: { seen: 'never', used: false } },
              }
            : undefined;
        };
        return [
          // A plan's token quota, and names the documentation leaves open, let a server refuse.
          refusal(s, 'a creation may be refused (a plan quota; a name the docs leave open), as an error document'),
          {
            refuses: false,
            misfit: (answer) => {
              const outcome = outcomeOf(answer);
              if (outcome.kind !== 'applied') return { kind: 'refused-wrongly', message: describeOutcome(outcome) };
              const token = fresh(answer);
              if (!token) return { kind: 'answer-wrong', message: 'a creation answered no token' };
              return differs(token, createdView(answer));
            },
            next: (answer) => {
              const n = copy(s);
              const token = fresh(answer);
              if (token) n.tokens.set(token.id, token);
              return n;
            },
          },
        ];
      }
      case 'update':
        return predictUpdate(s, operation.tokenId, operation.body);
      case 'rotate': {
        const token = s.tokens.get(operation.tokenId);
        if (!token) return [refusal(s, 'rotating a deleted token must be refused')];
        const old = token.secret && 'is' in token.secret ? token.secret.is : undefined;
        const rotated: ModelToken = { ...token, secret: old === undefined ? undefined : { not: old } };
        return [
          {
            refuses: false,
            misfit: (answer) => {
              const outcome = outcomeOf(answer);
              if (outcome.kind !== 'applied')
                return { kind: 'refused-wrongly', message: `a rotation was refused: ${describeOutcome(outcome)}` };
              const view = viewOf(answer);
              if (typeof view?.secret !== 'string')
                return { kind: 'rotation-wrong', message: 'a rotation answered no secret' };
              const wrong = differs(rotated, view);
              return wrong && { ...wrong, kind: wrong.kind === 'answer-wrong' ? 'rotation-wrong' : wrong.kind };
            },
            next: () => {
              const n = copy(s);
              n.tokens.set(token.id, rotated);
              return n;
            },
          },
        ];
      }
      case 'delete-token': {
        // Again on a deleted token: JSON:API only recommends a 404, and DELETE is idempotent (RFC 9110
        // §9.2.2), so an answer of success that changes nothing is correct too.
        if (!s.tokens.has(operation.tokenId))
          return [
            refusal(s, 'deleting a deleted token changes nothing'),
            { refuses: false, misfit: () => undefined, next: () => s },
          ];
        return [
          {
            refuses: false,
            misfit: (answer) => {
              const outcome = outcomeOf(answer);
              return outcome.kind === 'applied'
                ? undefined
                : { kind: 'refused-wrongly', message: `a deletion was refused: ${describeOutcome(outcome)}` };
            },
            next: () => {
              const n = copy(s);
              n.tokens.delete(operation.tokenId);
              n.gone.add(operation.tokenId);
              return n;
            },
          },
        ];
      }
      case 'create-role':
        return [
          refusal(s, 'a role creation may be refused (a plan quota), as an error document'),
          {
            refuses: false,
            misfit: (answer) =>
              outcomeOf(answer).kind === 'applied' && createdIdOf(answer, 'role')
                ? undefined
                : { kind: 'answer-wrong', message: 'a role creation answered no role' },
            next: (answer) => {
              const n = copy(s);
              const id = createdIdOf(answer, 'role');
              if (id) n.roles.set(id, operation.manages);
              return n;
            },
          },
        ];
      case 'delete-role': {
        // Again on a deleted role: as for a token, a success that changes nothing is correct too.
        if (!s.roles.has(operation.roleId))
          return [
            refusal(s, 'deleting a deleted role changes nothing'),
            { refuses: false, misfit: () => undefined, next: () => s },
          ];
        const users = [...s.tokens.values()].filter((t) => t.roleId === operation.roleId).map((t) => t.id);
        const deleted: Prediction = {
          refuses: false,
          misfit: (answer) => {
            const outcome = outcomeOf(answer);
            return outcome.kind === 'applied'
              ? undefined
              : {
                  kind: 'refused-wrongly',
                  message: `deleting an unused role was refused: ${describeOutcome(outcome)}`,
                };
          },
          next: () => {
            const n = copy(s);
            n.roles.delete(operation.roleId);
            n.goneRoles.add(operation.roleId);
            // Nothing documents what becomes of the tokens of a deleted role.
            for (const id of users) {
              n.tokens.delete(id);
              n.loose.add(id);
            }
            return n;
          },
        };
        // A role that tokens still use: nothing documents whether it may go (`roleInUse`).
        return users.length > 0
          ? [refusal(s, 'deleting a role in use may be refused, as an error document'), deleted]
          : [deleted];
      }
      case 'read': {
        const token = s.tokens.get(operation.tokenId);
        if (!token) return [refusal(s, 'reading a deleted token must be refused')];
        return [
          {
            refuses: false,
            misfit: (answer) =>
              answer.response.status === 200
                ? differs(token, viewOf(answer))
                : { kind: 'state-wrong', message: `a read answered ${describeOutcome(outcomeOf(answer))}` },
            next: () => s,
          },
        ];
      }
      case 'probe': {
        const token = s.tokens.get(operation.tokenId);
        const { surface } = operation;
        const api: Api = surface === 'cda' || surface === 'cda-preview' ? 'cda' : 'cma';
        const roleManages = token ? manages(s, token.roleId) : false;
        const wanted = !token
          ? 'refused'
          : roleManages === undefined && (surface === 'secrets' || surface === 'cma-write')
            ? 'either'
            : access(surface, token.flags, roleManages === true, oracle);
        return [
          {
            refuses: false,
            misfit: (answer) => {
              const seen = probeOutcome(surface, answer);
              if (seen !== 'unexpected' && (wanted === 'either' || seen === wanted)) return undefined;
              return token
                ? {
                    kind: 'access-wrong',
                    message: `a ${surface} call with token ${token.id} was ${seen}, its flags and role say ${wanted}`,
                  }
                : { kind: 'deleted-token-lives', message: `a deleted token's ${surface} call was ${seen}` };
            },
            next: () => {
              if (!token) return s;
              const n = copy(s);
              n.tokens.set(token.id, {
                ...token,
                access: { ...token.access, [api]: { ...token.access[api], used: true } },
              });
              return n;
            },
          },
        ];
      }
    }
  }

  /** The listing after a step against the model: every live token as modelled, no deleted one, no stray creation. */
  function listingMisfit(s: State, listing: Exchange): Misfit | undefined {
    const body = listing.response.body;
    if (listing.response.status !== 200 || !isPlainObject(body) || !Array.isArray(body.data))
      return { kind: 'state-wrong', message: `listing the tokens answered ${describeOutcome(outcomeOf(listing))}` };
    const views = viewsOf(listing);
    for (const token of s.tokens.values()) {
      const view = views.find((v) => v.id === token.id);
      if (!view)
        return { kind: 'state-wrong', message: `token ${token.id} is no longer listed, though nothing deleted it` };
      const wrong = differs(token, view);
      if (wrong) return { ...wrong, kind: wrong.kind === 'answer-wrong' ? 'state-wrong' : wrong.kind };
    }
    const back = views.find((v) => s.gone.has(v.id));
    if (back) return { kind: 'deleted-token-lives', message: `token ${back.id} is listed after its deletion` };
    const known = new Set([...s.listed.map((t) => t.id), ...s.tokens.keys(), ...s.loose]);
    const stray = views.find((v) => !known.has(v.id) && v.name.startsWith(prefix));
    if (stray) return { kind: 'state-wrong', message: `token ${stray.id} appeared though no creation was accepted` };
    return undefined;
  }

  /** The roles listed after a step on roles: the live ones there, the deleted ones gone. */
  function rolesMisfit(s: State, listing: Exchange): Misfit | undefined {
    const body = listing.response.body;
    const listed = new Set(
      isPlainObject(body) && Array.isArray(body.data)
        ? body.data.flatMap((r: unknown) => (isPlainObject(r) && typeof r.id === 'string' ? [r.id] : []))
        : [],
    );
    // Only the run's own roles: on a shared project, other roles may come and go.
    const missing = [...s.roles].find(([id, ours]) => ours !== undefined && !listed.has(id))?.[0];
    if (missing)
      return { kind: 'state-wrong', message: `role ${missing} is no longer listed, though nothing deleted it` };
    const back = [...s.goneRoles].find((id) => listed.has(id));
    if (back) return { kind: 'deleted-token-lives', message: `role ${back} is listed after its deletion` };
    return undefined;
  }

  function settle(s: State, listing: Exchange): State {
    const n = copy(s);
    n.listed = viewsOf(listing);
    for (const [id, token] of n.tokens) {
      const view = n.listed.find((v) => v.id === id);
      if (view) n.tokens.set(id, adopt(token, view));
    }
    return n;
  }

  /**
   * The states reachable by running the operations in this order, each answer fitting its
   * prediction. An answer need not be a snapshot of that order, since nothing documents what the
   * answers of concurrent operations show: a server that builds an answer from the record as the
   * operation loaded it shows the state before the race with that operation's own effect (the
   * same prediction, made on the state before the race), and a server that reads an update back
   * after committing it (`updateResponse`) may show a write that landed after it. The listing
   * that follows is still judged against the order's final state.
   */
  function explain(
    s: State,
    operations: readonly Operation[],
    answers: readonly Exchange[],
    order: readonly number[],
  ): State[] {
    const reloaded = accepted(oracle.assumptions.updateResponse, oracle.strict).includes('reloaded');
    let states = [s];
    for (const [position, i] of order.entries()) {
      const operation = operations[i] as Operation;
      const answer = answers[i] as Exchange;
      const last = position === order.length - 1;
      const beforeTheRace = predict(s, operation);
      const fitsBeforeTheRace = (refuses: boolean) =>
        beforeTheRace.some((p) => p.refuses === refuses && p.misfit(answer) === undefined);
      states = states.flatMap((current) =>
        [...predict(current, operation), ...conflicts(current, operation)]
          .filter(
            (p) =>
              ((reloaded && !last && p.statusMisfit) || p.misfit)(answer) === undefined || fitsBeforeTheRace(p.refuses),
          )
          .map((p) => p.next(answer)),
      );
    }
    return states;
  }

  /**
   * With another write of the token in progress, a server may refuse a write (RFC 9110 §15.5.10: a
   * conflict with the current state of the target resource, 409 by name, but the status is not
   * documented), as a client error with an error document, and change nothing — as
   * concurrent-updates-atomic accepts.
   */
  function conflicts(s: State, operation: Operation): Prediction[] {
    if (
      !['update', 'rotate', 'delete-token'].includes(operation.kind) ||
      !accepted(oracle.assumptions.concurrentUpdates, oracle.strict).includes('conflict')
    )
      return [];
    return [
      {
        refuses: true,
        misfit: (answer) =>
          isDocumentedRefusal(outcomeOf(answer)) ? undefined : { kind: 'not-linearizable', message: '' },
        next: () => s,
      },
    ];
  }

  const touched = (operations: readonly Operation[]) => operations.flatMap((o) => ('tokenId' in o ? [o.tokenId] : []));

  return {
    judge(step: LifecycleStep): LifecycleDivergence | undefined {
      const { operations, answers } = step;
      const on = (misfit: Misfit, first: Exchange): LifecycleDivergence => ({
        ...misfit,
        exchanges: [...new Set([first, ...answers, ...(step.oldSecret ? [step.oldSecret] : []), step.listing])],
      });
      // What the documentation no longer pins down is not judged.
      if (touched(operations).some((id) => state.loose.has(id))) {
        state = settle(state, step.listing);
        return undefined;
      }
      if (operations.length === 1) {
        const [operation, answer] = [operations[0] as Operation, answers[0] as Exchange];
        const predictions = predict(state, operation);
        const fitting = predictions.find((p) => p.misfit(answer) === undefined);
        if (!fitting) {
          const refused = outcomeOf(answer).kind === 'refused';
          const closest = predictions.find((p) => p.refuses === refused) ?? (predictions[0] as Prediction);
          return on(closest.misfit(answer) as Misfit, answer);
        }
        const next = fitting.next(answer);
        if (step.oldSecret && probeOutcome('cma', step.oldSecret) !== 'refused')
          return on(
            {
              kind: 'old-secret-works',
              message: `after the rotation, the old secret's CMA call was ${probeOutcome('cma', step.oldSecret)}`,
            },
            step.oldSecret,
          );
        const wrong = listingMisfit(next, step.listing) ?? (step.roles && rolesMisfit(next, step.roles));
        if (wrong) return on(wrong, step.roles && !listingMisfit(next, step.listing) ? step.roles : step.listing);
        state = settle(next, step.listing);
        return undefined;
      }
      const explained = [
        [0, 1],
        [1, 0],
      ].flatMap((order) => explain(state, operations, answers, order));
      const consistent = explained.find((s) => listingMisfit(s, step.listing) === undefined);
      if (!consistent)
        return on(
          {
            kind: 'not-linearizable',
            message: `no order of the ${operations.length} concurrent operations explains their answers (${answers
              .map((a) => `${a.request.method} → ${describeOutcome(outcomeOf(a))}`)
              .join(', ')}) and the listing that followed`,
          },
          answers[0] as Exchange,
        );
      state = settle(consistent, step.listing);
      return undefined;
    },
  };
}

/** The token a 2xx answer to a creation names (201 or 200: `createStatus`). */
function createdView(answer: Exchange): TokenView | undefined {
  const { status, body } = answer.response;
  return status >= 200 && status < 300 && isPlainObject(body) ? tokenView(body.data) : undefined;
}
