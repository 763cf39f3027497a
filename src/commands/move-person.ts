import { decideMove, type MovePerson } from '../domain/custody-change.ts';
import type { Facility } from '../domain/facility.ts';
import type { Person } from '../domain/person.ts';
import { loadFacilities, loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Move a person between units of the facility that holds them. */
export const movePerson: CommandDefinition<MovePerson, { person: Person | null; facility: Facility | null }, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'move-person',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  async load(tx, input) {
    const person = (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null;
    const facilityId = person?.custody.facility_id;
    const facility = facilityId ? ((await loadFacilities(tx, [facilityId])).get(facilityId) ?? null) : null;
    return { person, facility };
  },
  decide: ({ person, facility }, input, ctx) => decideMove(person, facility, input, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
