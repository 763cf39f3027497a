import { decideApproveRestriction, type Restriction } from '../domain/restriction.ts';
import { loadRestriction, restrictionOwner } from '../store/information-requests.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Approve a restriction: a second official, not the one who requested it. */
export const approveRestriction: CommandDefinition<{ readonly restriction_id: string }, Restriction | null, { restriction_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'approve-restriction',
  async lock(tx, input) {
    const owner = await restrictionOwner(tx, input.restriction_id);
    if (owner) await lockPersons(tx, [owner]);
  },
  load: (tx, input) => loadRestriction(tx, input.restriction_id),
  decide: (r, _input, ctx) => decideApproveRestriction(r, ctx),
  respond: (events, input) => ({ restriction_id: input.restriction_id, events: eventSummary(events) }),
};
