import { decideRequestOwnFile, type RequestOwnFile } from '../domain/own-file.ts';
import type { Person } from '../domain/person.ts';
import type { ResponseClockRules } from '../domain/response-clock.ts';
import { responseClockRules } from '../store/complaints.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Record the detainee's (or counsel's) request for the detainee's own file, with the limit of its answer (MR9). */
export const requestOwnFile: CommandDefinition<RequestOwnFile, { person: Person | null; rules: ResponseClockRules }, { request_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'request-own-file',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => ({ person: (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null, rules: responseClockRules() }),
  decide: (subject, input, ctx) => decideRequestOwnFile(subject, input, ctx),
  respond: (events) => ({ request_id: (events[0]!.data as { request_id: string }).request_id, events: eventSummary(events) }),
};
