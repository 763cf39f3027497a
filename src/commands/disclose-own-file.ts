import { decideDiscloseOwnFile, type DiscloseOwnFile } from '../domain/own-file.ts';
import type { Person } from '../domain/person.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Give the detainee or counsel the detainee's own file (MR9), every redaction recorded. */
export const discloseOwnFile: CommandDefinition<DiscloseOwnFile, Person | null, { disclosure_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'disclose-own-file',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null,
  decide: (person, input, ctx) => decideDiscloseOwnFile(person, input, ctx),
  respond: (events) => ({ disclosure_id: (events[0]!.data as { disclosure_id: string }).disclosure_id, events: eventSummary(events) }),
};
