import { decideAnswerComplaint, type AnswerComplaint, type AnswerSubject } from '../domain/complaint.ts';
import { loadComplaint, lockOwnerOf } from '../store/complaints.ts';
import { keepSealedWords, sealWords, type WordsToKeep } from '../store/sealed-texts.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Answer a request or complaint (once); a confidential one's answer is sealed like its words (sealed-text.ts). */
export const answerComplaint: CommandDefinition<AnswerComplaint, AnswerSubject & { readonly sealed: WordsToKeep | null }, { complaint_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'answer-complaint',
  lock: (tx, input) => lockOwnerOf(tx, 'complaint', input.complaint_id),
  async load(tx, input) {
    const complaint = await loadComplaint(tx, input.complaint_id);
    const words = complaint?.confidential && typeof input.answer === 'string' ? sealWords(input.answer.trim()) : null;
    return { complaint, sealed: words };
  },
  decide: (subject, input, ctx) => decideAnswerComplaint(subject, input, ctx),
  async effect(tx, events, _input, subject) {
    if (subject.sealed) await keepSealedWords(tx, [subject.sealed], events[0]!.recorded_at);
  },
  respond: (events, input) => ({ complaint_id: input.complaint_id, events: eventSummary(events) }),
};
