// Cases are generated before the ids exist; the run replaces these with the ids of its fixtures.
export const TARGET_ID = '{{target}}';
export const BYSTANDER_ID = '{{bystander}}';
export type RoleChoice = 'same' | 'other' | 'unknown';
export const roleId = (choice: RoleChoice): string => `{{role:${choice}}}`;
const CHOICES_BY_PLACEHOLDER = new Map((['same', 'other', 'unknown'] as const).map((c) => [roleId(c), c]));
/** The role choice a placeholder stands for, if it is one. */
export const roleChoiceOf = (id: string): RoleChoice | undefined => CHOICES_BY_PLACEHOLDER.get(id);
/** The roles a valid body may name; an unknown one makes the body invalid (a mutation). */
export const ROLE_CHOICES: readonly RoleChoice[] = ['same', 'other'];
