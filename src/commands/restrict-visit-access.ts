import { decideRestrictAccess, type RestrictAccess, type Visit } from '../domain/visit.ts';
import { heldAmong } from '../queries/held-persons.ts';
import { lockPersons } from '../store/subjects.ts';
import { loadVisit, lockVisit } from '../store/visits.ts';
import type { CommandDefinition } from './execute.ts';

/** Refuse or defer a visit's access — the whole visit, or one detainee held there — with a reason, an authority and an end date. */
export const restrictVisitAccess: CommandDefinition<RestrictAccess, { visit: Visit | null; heldThere: boolean }, { visit_id: string }> = {
  kind: 'restrict-visit-access',
  async lock(tx, input) {
    await lockVisit(tx, input.visit_id);
    if (input.person_id !== undefined) await lockPersons(tx, [input.person_id]);
  },
  async load(tx, input) {
    const visit = await loadVisit(tx, input.visit_id);
    const heldThere = visit !== null && input.person_id !== undefined && (await heldAmong(tx, visit.facility_id, [input.person_id])).has(input.person_id);
    return { visit, heldThere };
  },
  decide: (subject, input, ctx) => decideRestrictAccess(subject, input, ctx),
  respond: (_events, input) => ({ visit_id: input.visit_id }),
};
