import { decideLodgeComplaint, type LodgeComplaint, type LodgeSubject } from '../domain/complaint.ts';
import { responseClockRules } from '../store/complaints.ts';
import { keepSealedWords, sealWords, type WordsToKeep } from '../store/sealed-texts.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/**
 * Record a request or complaint by or for a detainee (and, if it alleges ill-treatment, its
 * independent referral). A confidential one's words are sealed: the log holds their seal, and the
 * words are kept beside it in the same transaction (sealed-text.ts).
 */
export const lodgeComplaint: CommandDefinition<LodgeComplaint, LodgeSubject & { readonly sealed: WordsToKeep | null }, { complaint_id: string; allegation_id: string | null; events: ReturnType<typeof eventSummary> }> = {
  kind: 'lodge-complaint',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  async load(tx, input) {
    const words = input.confidential && typeof input.text === 'string' ? sealWords(input.text.trim()) : null;
    return { person: (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null, rules: responseClockRules(), sealed: words };
  },
  decide: (subject, input, ctx) => decideLodgeComplaint(subject, input, ctx),
  async effect(tx, events, _input, subject) {
    if (subject.sealed) await keepSealedWords(tx, [subject.sealed], events[0]!.recorded_at);
  },
  respond: (events) => {
    const d = events[0]!.data as { complaint_id: string; allegation_id: string | null };
    return { complaint_id: d.complaint_id, allegation_id: d.allegation_id, events: eventSummary(events) };
  },
};
