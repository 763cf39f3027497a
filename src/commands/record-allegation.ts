import { decideRecordAllegation, type RecordAllegation } from '../domain/allegation.ts';
import type { Person } from '../domain/person.ts';
import type { ResponseClockRules } from '../domain/response-clock.ts';
import { responseClockRules } from '../store/complaints.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Record an allegation of torture or ill-treatment heard: the referral to the independent authority opens with it. */
export const recordAllegation: CommandDefinition<RecordAllegation, { person: Person | null; rules: ResponseClockRules }, { allegation_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'record-allegation',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => ({ person: (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null, rules: responseClockRules() }),
  decide: (subject, input, ctx) => decideRecordAllegation(subject, input, ctx),
  respond: (events) => ({ allegation_id: (events[0]!.data as { allegation_id: string }).allegation_id, events: eventSummary(events) }),
};
