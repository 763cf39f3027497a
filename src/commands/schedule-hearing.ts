import { decideScheduleHearing, type ScheduleHearing } from '../domain/case-hearing.ts';
import { caseCommand, createdIn, type CreatedInCase } from './case-command.ts';

/** Schedule a hearing of a case. */
export const scheduleHearing = caseCommand<ScheduleHearing, object, CreatedInCase<'hearing_id'>>({
  kind: 'schedule-hearing',
  decide: (subject, input, ctx) => decideScheduleHearing(subject, input, ctx),
  respond: createdIn('hearing_id'),
});
