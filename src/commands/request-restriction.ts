import type { Person } from '../domain/person.ts';
import { decideRequestRestriction, type RequestRestriction } from '../domain/restriction.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Ask for a restriction of what requesters are told about a person (ICPPED 20); a second official approves it. */
export const requestRestriction: CommandDefinition<RequestRestriction, Person | null, { restriction_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'request-restriction',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null,
  decide: (person, input, ctx) => decideRequestRestriction(person, input, ctx),
  respond: (events) => ({ restriction_id: (events[0]!.data as { restriction_id: string }).restriction_id, events: eventSummary(events) }),
};
