import fc from 'fast-check';
import { isPlainObject, type JsonSchema, type JsonValue, type TokenFlags } from '../../spec/index.ts';
import { mutatedArbitrary, setAt, type DomainMutation, type MutationLabel } from '../mutate/index.ts';
import { arbitraryFor } from '../schema/index.ts';
import { tokenFlags } from './flags.ts';
import { acceptedName, tokenName } from './names.ts';
import { BYSTANDER_ID, roleId, ROLE_CHOICES, TARGET_ID, type RoleChoice } from './placeholders.ts';

/** Which token the update addresses; `self` is the caller's own token (a weak caller's only). */
export type TargetChoice = 'owned' | 'self' | 'hardcoded' | 'unknown' | 'deleted';
/** Who sends it: the suite's own credential, or a weaker or broken one. */
export type CallerChoice = 'admin' | 'no-manage' | 'no-cma' | 'none' | 'invalid';
/** The callers with a token of their own that is not the suite's credential: the ones a `self` update can come from. */
export const SELF_CALLERS: readonly CallerChoice[] = ['no-manage', 'no-cma'];
/** The two roles a run creates: one may manage API tokens, one may not. */
export type RoleName = 'manager' | 'viewer';
export type MediaType = 'application/json' | 'application/vnd.api+json';

/** One generated update request, abstract: ids are placeholders until the run resolves them. */
export interface UpdateCase {
  target: TargetChoice;
  /** The owned token's state before the update (the run puts it there first). */
  start: { name: string; flags: TokenFlags; role: RoleName };
  caller: CallerChoice;
  contentType: MediaType;
  /** The JSON body, or raw text that is not JSON. */
  body: JsonValue | { raw: string };
  /** The mutation that made the body invalid: a label for people, never trusted by the oracles. */
  mutation: MutationLabel | undefined;
}

export type BodyKind = 'valid' | 'invalid' | 'any';

export interface UpdateCaseConstraints {
  /** Which targets; repeat one to pick it more often. */
  targets?: readonly TargetChoice[];
  callers?: readonly CallerChoice[];
  /** Valid bodies, bodies broken by one mutation, or both; for all targets, or per target. */
  bodies?: BodyKind | Partial<Record<TargetChoice, BodyKind>>;
  /** Whether bodies carry `relationships`. */
  relationships?: 'omitted' | 'present' | 'any';
  /** Restrict mutations to attempts at writing read-only attributes. */
  readOnlyAttempts?: boolean;
  /**
   * Any name, or only names every correct server must accept: where the credential or the target
   * is what is tested, a name the docs leave open would give the server another correct refusal.
   */
  names?: 'any' | 'accepted';
}

const READ_ONLY_WRITES: Record<string, fc.Arbitrary<JsonValue>> = {
  token: fc.stringMatching(/^[0-9a-f]{40}$/),
  hardcoded_type: fc.constantFrom('readonly', 'admin', 'custom'),
  last_cma_access: fc.constantFrom('today', 'never'),
  last_cda_access: fc.constantFrom('today', 'never'),
};

/** Attempts at writing a read-only attribute through the update body. */
export const readOnlyMutations: DomainMutation[] = Object.keys(READ_ONLY_WRITES).map((attribute) => ({
  kind: `read-only-${attribute}`,
  pointer: `/data/attributes/${attribute}`,
  apply: (value, e) => setAt(value, `/data/attributes/${attribute}`, readOnlyValue(attribute, e.number)),
}));

function readOnlyValue(attribute: string, n: number): JsonValue {
  const hex = (Math.abs(n) * 2654435761).toString(16).padStart(8, '0');
  if (attribute === 'token') return hex.repeat(5).slice(0, 40);
  if (attribute === 'hardcoded_type') return ['readonly', 'admin', 'custom'][Math.abs(n) % 3] as string;
  return Math.abs(n) % 2 === 0 ? 'today' : 'never';
}

const hasRelationships = (value: unknown) =>
  isPlainObject(value) && isPlainObject(value.data) && value.data.relationships !== undefined;

/** Mutations the schema alone cannot find, each a real bug class of update handlers. */
export const updateDomainMutations: DomainMutation[] = [
  ...readOnlyMutations,
  {
    kind: 'unknown-attribute',
    pointer: '/data/attributes',
    weight: 3,
    apply: (v, e) => setAt(v, `/data/attributes/${e.key.replace(/[~/]/g, '_')}_x`, e.number),
  },
  {
    kind: 'role-data-null',
    pointer: '/data/relationships/role/data',
    weight: 2,
    apply: (v) => setAt(v, '/data/relationships', { role: { data: null } }),
  },
  {
    kind: 'unknown-role',
    pointer: '/data/relationships/role/data/id',
    weight: 2,
    apply: (v) => setAt(v, '/data/relationships', { role: { data: { type: 'role', id: roleId('unknown') } } }),
  },
  {
    kind: 'role-bare-string',
    pointer: '/data/relationships/role/data',
    apply: (v) => setAt(v, '/data/relationships', { role: { data: roleId('other') } }),
  },
  { kind: 'id-of-another-token', pointer: '/data/id', weight: 3, apply: (v) => setAt(v, '/data/id', BYSTANDER_ID) },
  {
    kind: 'unknown-relationship',
    pointer: '/data/relationships/site',
    appliesTo: hasRelationships,
    apply: (v) => setAt(v, '/data/relationships/site', { data: null }),
  },
  { kind: 'meta', pointer: '/data/meta', apply: (v, e) => setAt(v, '/data/meta', { [e.key]: e.text }) },
];

/** Valid update bodies (with placeholders), from the spec's request schema plus domain overlays. */
export function validUpdateBodies(
  schema: JsonSchema,
  validate: (schema: JsonSchema, value: unknown) => boolean,
  relationships: UpdateCaseConstraints['relationships'] = 'any',
  names: UpdateCaseConstraints['names'] = 'any',
): fc.Arbitrary<JsonValue> {
  const role = fc
    .constantFrom<RoleChoice>(...ROLE_CHOICES)
    .map((choice) => ({ role: { data: { type: 'role', id: roleId(choice) } } }));
  const bodies = arbitraryFor(schema, {
    validate,
    overrides: {
      '/data/id': fc.constant(TARGET_ID),
      '/data/attributes/name': names === 'accepted' ? acceptedName : tokenName,
      '/data/relationships': role,
    },
  }) as fc.Arbitrary<{ data: Record<string, JsonValue> }>;
  if (relationships === 'any') return bodies;
  return fc.tuple(bodies, role).map(([body, linkage]) => {
    const { relationships: _dropped, ...data } = body.data;
    return { data: relationships === 'present' ? { ...data, relationships: linkage } : data };
  });
}

/** Bodies that are not JSON at all. */
const malformedBodies = fc.oneof(
  fc.constant({ raw: '' }),
  fc.constant({ raw: '{"data": {"type": "access_token"' }),
  fc
    .string({ maxLength: 20 })
    .filter((s) => !isJson(s))
    .map((raw) => ({ raw })),
);

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

type Body = { value: JsonValue | { raw: string }; label: MutationLabel | undefined };

/** Bodies of one kind: valid, broken by one mutation (or not JSON at all), or either. */
function bodies(
  kind: BodyKind,
  schema: JsonSchema,
  valid: fc.Arbitrary<JsonValue>,
  readOnlyAttempts: boolean,
): fc.Arbitrary<Body> {
  const validBodies = valid.map((value): Body => ({ value, label: undefined }));
  const mutated = readOnlyAttempts
    ? mutatedArbitrary({}, valid, readOnlyMutations)
    : fc.oneof(
        { arbitrary: mutatedArbitrary(schema, valid, updateDomainMutations), weight: 9 },
        {
          arbitrary: malformedBodies.map((raw): Body => ({
            value: raw,
            label: { kind: 'malformed-json', pointer: '/' },
          })),
          weight: 1,
        },
      );
  const invalid = mutated as fc.Arbitrary<Body>;
  return kind === 'valid' ? validBodies : kind === 'invalid' ? invalid : fc.oneof(validBodies, invalid);
}

export function updateCases(
  schema: JsonSchema,
  validate: (schema: JsonSchema, value: unknown) => boolean,
  constraints: UpdateCaseConstraints = {},
): fc.Arbitrary<UpdateCase> {
  const valid = validUpdateBodies(schema, validate, constraints.relationships, constraints.names);
  const kindFor = (target: TargetChoice): BodyKind =>
    typeof constraints.bodies === 'object' ? (constraints.bodies[target] ?? 'valid') : (constraints.bodies ?? 'valid');
  const targets: readonly TargetChoice[] = constraints.targets ?? ['owned'];
  const bodyFor = new Map<TargetChoice, fc.Arbitrary<Body>>();
  for (const target of new Set(targets)) {
    bodyFor.set(target, bodies(kindFor(target), schema, valid, constraints.readOnlyAttempts ?? false));
  }
  const callers = constraints.callers ?? ['admin'];
  const selfCallers = callers.filter((c) => SELF_CALLERS.includes(c));
  if (targets.includes('self') && selfCallers.length === 0)
    throw new Error(`a "self" target needs a caller with a token of its own (${SELF_CALLERS.join(', ')})`);
  return fc
    .record({
      target: fc.constantFrom(...targets),
      start: fc.record({
        name: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).map((s) => `start ${s}`),
        flags: tokenFlags,
        role: fc.constantFrom<RoleName>('manager', 'viewer'),
      }),
      contentType: fc.constantFrom<MediaType>('application/json', 'application/vnd.api+json'),
    })
    .chain((rest) =>
      fc
        .tuple(
          fc.constantFrom(...(rest.target === 'self' ? selfCallers : callers)),
          bodyFor.get(rest.target) as fc.Arbitrary<Body>,
        )
        .map(([caller, b]) => ({ ...rest, caller, body: b.value, mutation: b.label })),
    );
}
