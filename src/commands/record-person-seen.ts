import { decidePersonSeen, type RecordPersonSeen, type Visit } from '../domain/visit.ts';
import { heldAmong } from '../queries/held-persons.ts';
import { lockPersons } from '../store/subjects.ts';
import { loadVisit, lockVisit } from '../store/visits.ts';
import type { CommandDefinition } from './execute.ts';

/** Record a person the visitors saw, and whether in a private interview. */
export const recordPersonSeen: CommandDefinition<RecordPersonSeen, { visit: Visit | null; heldThere: boolean }, { visit_id: string; person_id: string }> = {
  kind: 'record-person-seen',
  async lock(tx, input) {
    await lockVisit(tx, input.visit_id);
    await lockPersons(tx, [input.person_id]);
  },
  async load(tx, input) {
    const visit = await loadVisit(tx, input.visit_id);
    return { visit, heldThere: visit !== null && (await heldAmong(tx, visit.facility_id, [input.person_id])).has(input.person_id) };
  },
  decide: (subject, input, ctx) => decidePersonSeen(subject, input, ctx),
  respond: (_events, input) => ({ visit_id: input.visit_id, person_id: input.person_id }),
};
