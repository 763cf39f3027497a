import { decideDismissal, type DismissDuplicate } from '../domain/identity.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Close a duplicate review: the two records are different people. */
export const dismissDuplicate: CommandDefinition<DismissDuplicate, boolean, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'dismiss-duplicate',
  lock: (tx, input) => lockPersons(tx, [input.person_id, input.candidate_id]),
  async load(tx, input) {
    const { rows } = await tx.query(
      `SELECT 1 FROM duplicate_review WHERE status = 'open'
          AND ((person_id = $1 AND candidate_id = $2) OR (person_id = $2 AND candidate_id = $1))`,
      [input.person_id, input.candidate_id],
    );
    return rows.length > 0;
  },
  decide: (open, input, ctx) => decideDismissal(open, input, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
