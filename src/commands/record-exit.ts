import { decideExit, type ExitPerson } from '../domain/custody-change.ts';
import type { Person } from '../domain/person.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Record a release, handover to a state, death, escape or transfer to another register. */
export const recordExit: CommandDefinition<ExitPerson, Person | null, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'record-exit',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null,
  decide: (person, input, ctx) => decideExit(person, input, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
