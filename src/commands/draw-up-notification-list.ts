import { decideDrawUpNotificationList, type DrawUpNotificationList, type NotificationListSubject } from '../domain/notification-list.ts';
import { loadFacilities } from '../store/subjects.ts';
import { lastListedIdx, lastLogIdx, loadVisitingBody, lockVisitingBody } from '../store/visits.ts';
import type { CommandDefinition } from './execute.ts';

/**
 * Draw up a body's next notification list for a facility: the window of the log after its
 * previous list. The body's row is locked, so two lists drawn up at once do not overlap.
 */
export const drawUpNotificationList: CommandDefinition<DrawUpNotificationList, NotificationListSubject, { list_id: string }> = {
  kind: 'draw-up-notification-list',
  lock: (tx, input) => lockVisitingBody(tx, input.body_id),
  load: async (tx, input) => ({
    body: await loadVisitingBody(tx, input.body_id),
    facilityExists: (await loadFacilities(tx, [input.facility_id])).has(input.facility_id),
    afterIdx: await lastListedIdx(tx, input.body_id, input.facility_id),
    upToIdx: await lastLogIdx(tx),
  }),
  decide: (subject, input, ctx) => decideDrawUpNotificationList(subject, input, ctx),
  respond: (events) => ({ list_id: (events[0]!.data as { list_id: string }).list_id }),
};
