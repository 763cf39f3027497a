import { decideDiscloseOwnFile, type DiscloseOwnFile, type OwnFileRequest } from '../domain/own-file.ts';
import type { Person } from '../domain/person.ts';
import { loadOwnFileRequest } from '../store/evidence.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Give the detainee or counsel the detainee's own file (MR9), every redaction recorded; a copy may answer a request for it. */
export const discloseOwnFile: CommandDefinition<DiscloseOwnFile, { person: Person | null; request: OwnFileRequest | null }, { disclosure_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'disclose-own-file',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => ({ person: (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null, request: input.request_id ? await loadOwnFileRequest(tx, input.request_id) : null }),
  decide: (subject, input, ctx) => decideDiscloseOwnFile(subject, input, ctx),
  respond: (events) => ({ disclosure_id: (events[0]!.data as { disclosure_id: string }).disclosure_id, events: eventSummary(events) }),
};
