import { decideScheduleHearing, type ScheduleHearing } from '../domain/case-hearing.ts';
import type { Facility } from '../domain/facility.ts';
import { namedAndHeldAt } from '../store/cases.ts';
import { caseCommand, createdIn, withProduction, type CreatedInCase, type ProductionDrafted } from './case-command.ts';

/** Schedule a hearing of a case; with the court's holding facility, the movement there and back is drafted too (court-production.ts). */
export const scheduleHearing = caseCommand<ScheduleHearing, { holding: Facility | null; heldAt: Facility | null }, CreatedInCase<'hearing_id'> & ProductionDrafted>({
  kind: 'schedule-hearing',
  more: async (tx, input, subject) => {
    const { named, heldAt } = await namedAndHeldAt(tx, input.holding_facility_id, subject);
    return { holding: named, heldAt };
  },
  decide: (subject, input, ctx) => decideScheduleHearing(subject, input, ctx),
  respond: withProduction(createdIn('hearing_id')),
});
