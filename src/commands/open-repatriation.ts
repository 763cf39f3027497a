import type { Person } from '../domain/person.ts';
import { decideOpenRepatriation, type OpenRepatriation, type OpenSubject } from '../domain/repatriation.ts';
import { loadStateProfile, openRepatriationOf } from '../store/repatriations.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Open a repatriation case for a person identified as a national of a state (one open case per person). */
export const openRepatriation: CommandDefinition<OpenRepatriation, OpenSubject, { case_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'open-repatriation',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  async load(tx, input) {
    const person: Person | null = (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null;
    return { person, profile: typeof input.state === 'string' ? await loadStateProfile(tx, input.state) : null, openCaseId: await openRepatriationOf(tx, input.person_id) };
  },
  decide: (subject, input, ctx) => decideOpenRepatriation(subject, input, ctx),
  respond: (events) => ({ case_id: (events[0]!.data as { repatriation_id: string }).repatriation_id, events: eventSummary(events) }),
};
