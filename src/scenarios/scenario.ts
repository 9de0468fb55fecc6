import type fc from 'fast-check';
import type { Feature } from '../generate/index.ts';
import type { Contract, JsonSchema } from '../spec/index.ts';
import type { Exchange } from '../target/index.ts';
import type { World } from './world.ts';

/** What case generation may depend on (computed once per campaign). */
export interface CaseContext {
  contract: Contract;
  updateSchema: JsonSchema;
  validate: (schema: JsonSchema, value: unknown) => boolean;
  /** Whether the target is the suite's own mock (factory tokens may then get any body). */
  disposable: boolean;
  /** Whether the project has a factory token to probe. */
  factoryTokens: boolean;
}

/** Whatever an experiment observed; every exchange it made, in order. */
export interface Observation {
  exchanges: Exchange[];
  /** How long permission changes took to show, when the experiment measured it. */
  propagation?: { surface: string; reflectedAfterMs: number | undefined; probes: number }[];
}

/** An experiment: how to generate its cases, and how to run one against the world. */
export interface Scenario<C, O extends Observation> {
  readonly name: string;
  cases(ctx: CaseContext): fc.Arbitrary<C>;
  run(world: World, c: C): Promise<O>;
  /** One line on a case, for reports. */
  describe(c: C): string;
  /** The input classes a case belongs to: the coverage phase picks first runs that touch the most. */
  features?(c: C): readonly Feature[];
  /** What fast-check needs besides seed and path to replay the case, if anything. */
  replayState?(c: C): string | undefined;
}

export function caseContext(contract: Contract, world: World): CaseContext {
  const updateSchema = contract.operation('updateAccessToken').requestBody?.get('application/json');
  if (!updateSchema) throw new Error('the spec has no JSON body for updateAccessToken');
  return {
    contract,
    updateSchema,
    validate: (schema, value) => contract.validate(schema, value).valid,
    disposable: world.target.info.disposable,
    factoryTokens: world.ids.factoryTokens.length > 0,
  };
}
