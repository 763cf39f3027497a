import { decideAnswerComplaint, type AnswerComplaint, type Complaint } from '../domain/complaint.ts';
import { loadComplaint, lockOwnerOf } from '../store/complaints.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Answer a request or complaint (once). */
export const answerComplaint: CommandDefinition<AnswerComplaint, Complaint | null, { complaint_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'answer-complaint',
  lock: (tx, input) => lockOwnerOf(tx, 'complaint', input.complaint_id),
  load: (tx, input) => loadComplaint(tx, input.complaint_id),
  decide: (complaint, input, ctx) => decideAnswerComplaint(complaint, input, ctx),
  respond: (events, input) => ({ complaint_id: input.complaint_id, events: eventSummary(events) }),
};
