import { decideExportNotificationList, type NotificationListFormat } from '../domain/notification-list.ts';
import { loadNotificationList } from '../store/visits.ts';
import type { CommandDefinition } from './execute.ts';

/** Log an export of a notification list (the caller then renders it in the format). */
export const exportNotificationList: CommandDefinition<{ list_id: string; format: NotificationListFormat }, boolean, { list_id: string; format: NotificationListFormat }> = {
  kind: 'export-notification-list',
  lock: async () => {},
  load: async (tx, input) => (await loadNotificationList(tx, input.list_id)) !== null,
  decide: (exists, input, ctx) => decideExportNotificationList(exists, input, ctx),
  respond: (_events, input) => ({ list_id: input.list_id, format: input.format }),
};
