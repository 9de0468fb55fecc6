// Generators: a JSON Schema → fast-check compiler, labelled negative mutations, and the
// domain overlays that random data would miss.
export { arbitraryFor, UnsupportedSchemaError, type CompileOptions } from './schema/index.ts';
export {
  getAt,
  mutatedArbitrary,
  mutationsOf,
  removeAt,
  setAt,
  type DomainMutation,
  showMutation,
  type Mutated,
  type Mutation,
  type MutationLabel,
  type MutationKind,
} from './mutate/index.ts';
export { feature, flagChanges, nameClasses, showFeature, updateCaseFeatures, type Feature } from './domain/features.ts';
export { ALL_FLAG_COMBINATIONS, flagTransition, tokenFlags } from './domain/flags.ts';
export {
  acceptedName,
  anyName,
  blankName,
  longName,
  paddedName,
  plainName,
  tokenName,
  unicodeName,
} from './domain/names.ts';
export { BYSTANDER_ID, roleChoiceOf, roleId, ROLE_CHOICES, TARGET_ID, type RoleChoice } from './domain/placeholders.ts';
export {
  readOnlyMutations,
  SELF_CALLERS,
  updateCases,
  updateDomainMutations,
  validUpdateBodies,
  type BodyKind,
  type CallerChoice,
  type MediaType,
  type RoleName,
  type TargetChoice,
  type UpdateCase,
  type UpdateCaseConstraints,
} from './domain/update-case.ts';
