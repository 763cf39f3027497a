/**
 * Notification lists (CIHL 124; the ICRC's practice of notification): for a visiting body, the
 * admissions, transfers and exits of a facility recorded since the body's previous list for that
 * facility. A list is a window of the log, (after_idx, up_to_idx], fixed when drawn up, so every
 * export of it (XLSX, CSV, print) shows the same rows, and an event entered late is on the next
 * list rather than lost. Each export is logged.
 */
import type { Decision, DecisionContext } from './decision.ts';
import { newEvent } from './events.ts';
import { reject } from './rejection.ts';
import type { VisitingBody } from './visit.ts';

export const notificationListFormats = ['xlsx', 'csv', 'print'] as const;
export type NotificationListFormat = (typeof notificationListFormats)[number];

/** What a row of a notification list reports. */
export const notificationKinds = ['admission', 'transfer_in', 'transfer_out', 'exit'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface DrawUpNotificationList {
  readonly body_id: string;
  readonly facility_id: string;
}

export interface NotificationListSubject {
  readonly body: VisitingBody | null;
  readonly facilityExists: boolean;
  /** Where the body's previous list for the facility ended (-1: none yet). */
  readonly afterIdx: number;
  /** The log's last index now. */
  readonly upToIdx: number;
}

/** Draw up the next notification list of a facility for an accredited body. */
export function decideDrawUpNotificationList(subject: NotificationListSubject, input: DrawUpNotificationList, ctx: DecisionContext & { readonly actor: string }): Decision {
  if (!subject.body) return reject('not_found', 'no visiting body has this id', '/body_id');
  if (!subject.body.accredited) return reject('not_accredited', 'the visiting body is not accredited: lists go to accredited bodies only', '/body_id');
  if (!subject.facilityExists) return reject('not_found', 'no facility has this id', '/facility_id');
  return [newEvent('notification_list.drawn_up', null, ctx.now, { list_id: ctx.newId(), ...input, after_idx: subject.afterIdx, up_to_idx: subject.upToIdx, drawn_up_by: ctx.actor })];
}

/** Log one export of a list. */
export function decideExportNotificationList(exists: boolean, input: { readonly list_id: string; readonly format: NotificationListFormat }, ctx: DecisionContext & { readonly actor: string }): Decision {
  if (!exists) return reject('not_found', 'no notification list has this id', '/list_id');
  if (!notificationListFormats.includes(input.format)) return reject('invalid_value', `format is one of: ${notificationListFormats.join(', ')}`, '/format');
  return [newEvent('notification_list.exported', null, ctx.now, { list_id: input.list_id, format: input.format, exported_by: ctx.actor })];
}
