import { decideAdmission, type AdmitPerson } from '../domain/admission.ts';
import type { Facility } from '../domain/facility.ts';
import { can } from '../domain/permissions.ts';
import type { Person } from '../domain/person.ts';
import { matchThresholds } from '../config.ts';
import { duplicateQuestions } from '../queries/duplicate-questions.ts';
import { loadFacilities, loadPersons, lockFacilities, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

interface State {
  readonly person: Person | null;
  readonly facility: Facility | null;
  /** Register numbers of the records an open duplicate question says the person is likely to be. */
  readonly likelyDuplicates: readonly string[];
}

/** Admit a registered person to a facility (STANDARDS A). */
export const admitPerson: CommandDefinition<AdmitPerson, State, { admission_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'admit-person',
  async lock(tx, input) {
    // The facility first: its lock serialises capacity decisions for it.
    await lockFacilities(tx, [input.facility_id]);
    await lockPersons(tx, [input.person_id]);
  },
  async load(tx, input) {
    const person = (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null;
    const facility = (await loadFacilities(tx, [input.facility_id])).get(input.facility_id) ?? null;
    const likely = person ? (await duplicateQuestions(tx, person.id)).filter((d) => d.score >= matchThresholds().likely).map((d) => d.other_register_number) : [];
    return { person, facility, likelyDuplicates: likely };
  },
  decide: ({ person, facility, likelyDuplicates }, input, ctx) => decideAdmission(person, facility, input, ctx, can(ctx.role, 'custody.override_capacity'), likelyDuplicates),
  respond: (events, input) => ({ admission_id: input.admission_id, events: eventSummary(events) }),
};
