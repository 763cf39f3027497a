/**
 * The shape shared by the steps of a repatriation case: lock the case's person, load the case
 * with its person, the profile of its state and the person's cases before the courts, and let
 * the domain decide the step (repatriation.ts).
 */
import { decideRepatriation, type RepatriationCommand, type RepatriationCommandKind, type RepatriationSubject } from '../domain/repatriation.ts';
import { loadRepatriationSubject, lockRepatriation } from '../store/repatriations.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** A step's input: the command's fields and the case it is taken on. */
export type RepatriationStep<K extends RepatriationCommandKind> = Omit<Extract<RepatriationCommand, { kind: K }>, 'kind'> & { readonly case_id: string };

/** The answer of a step: the case, its status now, and the events written. */
export interface RepatriationStepResponse {
  readonly case_id: string;
  readonly events: ReturnType<typeof eventSummary>;
}

/** The command that takes step `step` on a repatriation case. */
export function repatriationStep<K extends RepatriationCommandKind>(kind: string, step: K): CommandDefinition<RepatriationStep<K>, RepatriationSubject, RepatriationStepResponse> {
  return {
    kind,
    lock: (tx, input) => lockRepatriation(tx, input.case_id),
    // A family recorded names children by register number: the load finds them.
    load: (tx, input) => loadRepatriationSubject(tx, input.case_id, ((input as { children?: readonly string[] }).children ?? []).filter((n) => typeof n === 'string')),
    decide(subject, input, ctx) {
      const { case_id: _caseId, ...fields } = input;
      return decideRepatriation(subject, { ...fields, kind: step } as unknown as RepatriationCommand, ctx);
    },
    respond: (events, input) => ({ case_id: input.case_id, events: eventSummary(events) }),
  };
}
