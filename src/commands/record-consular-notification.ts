/**
 * Consular notification, entered on a person's repatriation case for its state
 * (consular-notification.ts): the person told of their right and their wish; the post informed.
 */
import { decideSendConsularNotification, decideTellConsularRights, type ConsularSubject, type SendConsularNotification, type TellConsularRights } from '../domain/consular-notification.ts';
import { loadConsularSubject } from '../store/consular-notifications.ts';
import { lockRepatriation } from '../store/repatriations.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

type Subject = ConsularSubject & { readonly taskOpen: boolean };
type Response = { case_id: string; events: ReturnType<typeof eventSummary> };

/** The person told of their right to have the consular post informed, and what they wish. */
export const tellConsularRights: CommandDefinition<TellConsularRights & { readonly case_id: string }, Subject, Response> = {
  kind: 'tell-consular-rights',
  lock: (tx, input) => lockRepatriation(tx, input.case_id),
  load: (tx, input) => loadConsularSubject(tx, input.case_id),
  decide: (subject, { case_id: _id, ...input }, ctx) => decideTellConsularRights(subject, input, ctx),
  respond: (events, input) => ({ case_id: input.case_id, events: eventSummary(events) }),
};

/** The consular post informed. */
export const sendConsularNotification: CommandDefinition<SendConsularNotification & { readonly case_id: string }, Subject, Response> = {
  kind: 'send-consular-notification',
  lock: (tx, input) => lockRepatriation(tx, input.case_id),
  load: (tx, input) => loadConsularSubject(tx, input.case_id),
  decide: (subject, { case_id: _id, ...input }, ctx) => decideSendConsularNotification(subject, input, ctx),
  respond: (events, input) => ({ case_id: input.case_id, events: eventSummary(events) }),
};
