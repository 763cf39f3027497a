import { decideRecordStateProfile, type StateProfile } from '../domain/state-profile.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Record a state's profile as it now stands: consular-notification policy, death penalty, liaison contacts. */
export const recordStateProfile: CommandDefinition<StateProfile, null, { state: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'record-state-profile',
  // One profile after another: the row is replaced whole, the log keeps each.
  lock: async () => {},
  load: async () => null,
  decide: (_none, input, ctx) => decideRecordStateProfile(input, ctx),
  respond: (events, input) => ({ state: input.state, events: eventSummary(events) }),
};
