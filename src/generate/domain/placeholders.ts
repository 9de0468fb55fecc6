// Cases are generated before the ids exist; the run replaces these with the ids of its fixtures.
export const TARGET_ID = '{{target}}';
export const BYSTANDER_ID = '{{bystander}}';
export type RoleChoice = 'same' | 'other' | 'unknown';
export const roleId = (choice: RoleChoice): string => `{{role:${choice}}}`;
export const ROLE_CHOICES: readonly RoleChoice[] = ['same', 'other', 'unknown'];
