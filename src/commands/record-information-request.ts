import { decideRecordRequest, type RecordInformationRequest } from '../domain/information-request.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Record a request for information about a person (ICPPED 18): who asks, how they were identified, whom they ask about. */
export const recordInformationRequest: CommandDefinition<RecordInformationRequest, null, { request_id: string; due_at: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'record-information-request',
  lock: async () => {},
  load: async () => null,
  decide: (_state, input, ctx) => decideRecordRequest(input, ctx),
  respond: (events) => {
    const d = events[0]!.data as { request_id: string; due_at: string };
    return { request_id: d.request_id, due_at: d.due_at, events: eventSummary(events) };
  },
};
