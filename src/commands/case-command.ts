/**
 * The shape shared by the commands on a case: lock the case's person, load the case with its
 * person and their custody (and whatever more the command needs), let the domain decide.
 */
import type { CaseSubject } from '../domain/case.ts';
import type { Decision, DecisionContext } from '../domain/decision.ts';
import type { LoggedEvent } from '../domain/events.ts';
import type { Role } from '../domain/permissions.ts';
import { loadCaseSubject, lockCase } from '../store/cases.ts';
import type { Queryable } from '../store/database.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

type DecideContext = DecisionContext & { readonly role: Role; readonly actor: string };

/** The usual answer of a command on a case: the case and the events written. */
export interface CaseCommandResponse {
  readonly case_id: string;
  readonly events: ReturnType<typeof eventSummary>;
}

/** A command on an existing case; `more` loads what else the decision needs. */
export function caseCommand<I extends { readonly case_id: string }, X extends object = object, R = CaseCommandResponse>(definition: {
  readonly kind: string;
  readonly more?: (tx: Queryable, input: I, subject: CaseSubject) => Promise<X>;
  readonly decide: (state: CaseSubject & X, input: I, ctx: DecideContext) => Decision;
  readonly respond?: (events: readonly LoggedEvent[], input: I) => R;
}): CommandDefinition<I, CaseSubject & X, R> {
  return {
    kind: definition.kind,
    lock: (tx, input) => lockCase(tx, input.case_id),
    async load(tx, input) {
      const subject = await loadCaseSubject(tx, input.case_id);
      const more = definition.more && subject.case ? await definition.more(tx, input, subject) : ({} as X);
      return { ...subject, ...more };
    },
    decide: definition.decide,
    respond: definition.respond ?? ((events, input) => ({ case_id: input.case_id, events: eventSummary(events) }) as R),
  };
}

/** The answer of a command that creates something in a case: its id too. */
export type CreatedInCase<K extends string> = CaseCommandResponse & Record<K, string>;

/** Answer with the id of what the command created (from its first event). */
export function createdIn<K extends string>(idField: K) {
  return (events: readonly LoggedEvent[], input: { readonly case_id: string }) =>
    ({ case_id: input.case_id, [idField]: (events[0]!.data as unknown as Record<K, string>)[idField], events: eventSummary(events) }) as CreatedInCase<K>;
}

/** The transfer order a production order or a hearing drafted for the court production, or null (court-production.ts). */
export interface ProductionDrafted {
  readonly production_transfer_id: string | null;
}

/** Add to an answer the transfer order drafted for the court production, if any. */
export function withProduction<I, R extends object>(respond: (events: readonly LoggedEvent[], input: I) => R) {
  return (events: readonly LoggedEvent[], input: I): R & ProductionDrafted => {
    const drafted = events.find((e) => e.kind === 'transfer.created');
    return { ...respond(events, input), production_transfer_id: drafted ? (drafted.data as { transfer_id: string }).transfer_id : null };
  };
}
