import { decideHearingOutcome, type HearingOnRecord, type RecordHearingOutcome } from '../domain/case-hearing.ts';
import { loadHearing } from '../store/cases.ts';
import { caseCommand } from './case-command.ts';

/** Record that a hearing was held or adjourned, and who was present; the domain flags a safeguard missing. */
export const recordHearingOutcome = caseCommand<RecordHearingOutcome, { hearing: HearingOnRecord | null }>({
  kind: 'record-hearing-outcome',
  more: async (tx, input) => ({ hearing: await loadHearing(tx, input.case_id, input.hearing_id) }),
  decide: (subject, input, ctx) => decideHearingOutcome(subject, input, ctx),
});
