/**
 * The facility's rules: the acts that are disciplinary offences (MR37(a): only conduct the law or
 * the competent authority's regulation defines). A charge names one of these, with the rule it
 * breaks; an act that is not here cannot be charged (`offence_not_defined`). A reference list,
 * the same for every facility of the register until a facility's own rules are configured.
 */
export const disciplinaryOffences = {
  violence_against_a_person: 'FR-1',
  threat_of_violence: 'FR-2',
  damage_to_property: 'FR-3',
  possession_of_a_prohibited_item: 'FR-4',
  escape_or_attempt: 'FR-5',
  refusal_of_a_lawful_order: 'FR-6',
  disturbance_of_order: 'FR-7',
  theft: 'FR-8',
} as const;
export type DisciplinaryOffence = keyof typeof disciplinaryOffences;

export function isDisciplinaryOffence(value: string): value is DisciplinaryOffence {
  return Object.hasOwn(disciplinaryOffences, value);
}
