import { decideLodgeComplaint, type LodgeComplaint, type LodgeSubject } from '../domain/complaint.ts';
import { responseClockRules } from '../store/complaints.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Record a request or complaint by or for a detainee (and, if it alleges ill-treatment, its independent referral). */
export const lodgeComplaint: CommandDefinition<LodgeComplaint, LodgeSubject, { complaint_id: string; allegation_id: string | null; events: ReturnType<typeof eventSummary> }> = {
  kind: 'lodge-complaint',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => ({ person: (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null, rules: responseClockRules() }),
  decide: (subject, input, ctx) => decideLodgeComplaint(subject, input, ctx),
  respond: (events) => {
    const d = events[0]!.data as { complaint_id: string; allegation_id: string | null };
    return { complaint_id: d.complaint_id, allegation_id: d.allegation_id, events: eventSummary(events) };
  },
};
