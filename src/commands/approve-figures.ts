import { decideApproval, type Publication } from '../domain/figures-publication.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';
import { loadPublication, publishedCount } from '../store/figures.ts';

/** The publication approved: its number, and its events. */
export interface ApprovedResponse {
  readonly publication_id: string;
  readonly number: number;
  readonly events: ReturnType<typeof eventSummary>;
}

/** Approve a prepared publication (another official than its preparer); it becomes public under the next number. */
export const approveFigures: CommandDefinition<{ publication_id: string }, { publication: Publication | null; published: number }, ApprovedResponse> = {
  kind: 'approve-figures',
  // Approvals one at a time: each takes the next number.
  lock: async (tx) => {
    await tx.query('LOCK TABLE figure_publication IN SHARE ROW EXCLUSIVE MODE');
  },
  load: async (tx, input) => ({ publication: await loadPublication(tx, input.publication_id), published: await publishedCount(tx) }),
  decide: ({ publication, published }, _input, ctx) => decideApproval(publication, published, ctx),
  respond: (events, input, { published }) => ({ publication_id: input.publication_id, number: published + 1, events: eventSummary(events) }),
};
