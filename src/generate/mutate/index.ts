import fc from 'fast-check';
import type { JsonSchema } from '../../spec/index.ts';
import { entropy, mutationsOf, type Entropy, type Mutation } from './mutations.ts';

export { getAt, mutationsOf, removeAt, setAt, type Entropy, type Mutation, type MutationKind } from './mutations.ts';

/** A mutation the schema cannot infer: read-only attributes, a null role, a mismatched id… */
export interface DomainMutation {
  kind: string;
  pointer: string;
  /** How often it is picked, relative to the others (default 1). */
  weight?: number;
  /** Whether it applies to this value (e.g. only when relationships are present). */
  appliesTo?(value: unknown): boolean;
  apply(value: unknown, entropy: Entropy): unknown;
}

/** Which mutation made a value invalid, and where: a label for people, never trusted by the oracles. */
export interface MutationLabel {
  kind: string;
  /** A JSON pointer, `/` for the root. */
  pointer: string;
}

export const showMutation = (m: MutationLabel): string => `${m.kind} at ${m.pointer}`;

/** What negative generation produced: the value, and the mutation that made it. */
export interface Mutated<T = unknown> {
  value: T;
  /** The oracle never trusts it: it re-classifies the value. */
  label: MutationLabel;
}

/**
 * Values derived from valid ones by one labelled mutation: half the time anywhere the schema
 * allows (uniformly over its sites), half the time one of the domain mutations (by weight), so
 * that the few mutations real servers get wrong are not drowned among the many sites.
 * The label is for humans only: after generation and after shrinking, the concrete value must be
 * classified again (Schemathesis #4332).
 */
export function mutatedArbitrary(
  schema: JsonSchema,
  valid: fc.Arbitrary<unknown>,
  domain: readonly DomainMutation[] = [],
): fc.Arbitrary<Mutated> {
  return fc.tuple(valid, fc.boolean(), fc.nat(), entropy).map(([value, preferDomain, pick, e]) => {
    const applicable = domain.filter((m) => m.appliesTo?.(value) ?? true);
    const generic = mutationsOf(schema, value);
    const useDomain = applicable.length > 0 && (preferDomain || generic.length === 0);
    if (!useDomain && generic.length === 0)
      throw new Error('no way to mutate this value: the schema constrains nothing');
    const site = useDomain ? byWeight(applicable, pick) : (generic[pick % generic.length] as Mutation);
    return { value: site.apply(value, e), label: { kind: site.kind, pointer: site.pointer || '/' } };
  });
}

function byWeight(mutations: readonly DomainMutation[], pick: number): DomainMutation {
  const total = mutations.reduce((sum, m) => sum + (m.weight ?? 1), 0);
  let rest = pick % total;
  for (const mutation of mutations) {
    rest -= mutation.weight ?? 1;
    if (rest < 0) return mutation;
  }
  return mutations[0] as DomainMutation;
}
