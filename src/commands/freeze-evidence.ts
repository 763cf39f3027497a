import { decideFreezeEvidence, type FreezeEvidence } from '../domain/evidence-freeze.ts';
import type { Person } from '../domain/person.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Freeze a person's records as evidence after a disappearance or a serious injury (MR71). */
export const freezeEvidence: CommandDefinition<FreezeEvidence, Person | null, { freeze_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'freeze-evidence',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null,
  decide: (person, input, ctx) => decideFreezeEvidence(person, input, ctx),
  respond: (events) => ({ freeze_id: (events[0]!.data as { freeze_id: string }).freeze_id, events: eventSummary(events) }),
};
