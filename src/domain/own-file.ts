/**
 * The detainee's own file (MR9): the detainee, or counsel on their behalf, obtains a copy of
 * the file the register holds on them. Anything withheld is a lawful redaction, recorded:
 * which part of the file, what in it, the legal basis, and who redacted it. The official copy
 * at release (the record extract) lists every redaction of every copy given, so what was
 * withheld and why is never silent. The request for the file is recorded with the limit by which a
 * copy is given (response-clock.ts `ownFileAnswerHours`); the copy that answers it names it.
 */
import { checkInstant } from './case.ts';
import { filled, hoursAfter, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData } from './events.ts';
import type { Person } from './person.ts';
import { reject } from './rejection.ts';
import type { ResponseClockRules } from './response-clock.ts';

/** The parts of the file, as the printed copy shows them. */
export const ownFileSections = ['identity', 'custody', 'admissions', 'events', 'complaints', 'allegations'] as const;
export type OwnFileSection = (typeof ownFileSections)[number];

export const ownFileRecipients = ['detainee', 'counsel'] as const;
export type OwnFileRecipient = (typeof ownFileRecipients)[number];

/** One redaction: the part withheld, what in it, on what legal basis; `redacted_by` is the account. */
export interface Redaction {
  readonly section: OwnFileSection;
  readonly what: string;
  readonly legal_basis: string;
}

export interface RequestOwnFile {
  readonly person_id: string;
  readonly requester: OwnFileRecipient;
  /** Counsel's name, when counsel asks. */
  readonly counsel_name?: string;
  readonly received_at: string;
}

/** A request for the file, with the limit of its answer, and the copy that answered it once given. */
export interface OwnFileRequest {
  readonly id: string;
  readonly person_id: string;
  readonly requester: OwnFileRecipient;
  readonly counsel_name: string | null;
  readonly received_at: string;
  readonly due_at: string;
  readonly recorded_by: string;
  readonly disclosure_id: string | null;
  readonly disclosed_at: string | null;
}

/** Record the detainee's (or counsel's) request for the file: a copy is due within the configured hours. */
export function decideRequestOwnFile(subject: { readonly person: Person | null; readonly rules: ResponseClockRules }, input: RequestOwnFile, ctx: Ctx): Decision {
  const { person } = subject;
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (person.merged_into) return reject('invalid_value', `this record was merged into ${person.merged_into}; record it on that record`, '/person_id');
  if (!(ownFileRecipients as readonly string[]).includes(input.requester)) return reject('invalid_value', `requester is one of: ${ownFileRecipients.join(', ')}`, '/requester');
  if (input.requester === 'counsel' && !filled(input.counsel_name)) return reject('missing_item', 'name the counsel who asks for the file', '/counsel_name');
  const when = checkInstant(input.received_at, '/received_at', ctx.now);
  if (when) return when;
  return [
    newEvent('own_file.requested', person.id, input.received_at, {
      request_id: ctx.newId(),
      requester: input.requester,
      counsel_name: input.requester === 'counsel' ? input.counsel_name!.trim() : null,
      received_at: input.received_at,
      due_at: hoursAfter(input.received_at, subject.rules.ownFileAnswerHours),
      recorded_by: ctx.actor,
    }),
  ];
}

/** A request after one of its events: `own_file.requested` makes it, the copy that names it answers it. */
export function evolveOwnFileRequest(r: OwnFileRequest | null, e: { readonly kind: 'own_file.requested' | 'own_file.disclosed'; readonly person_id: string | null; readonly occurred_at: string; readonly data: EventData['own_file.requested'] | EventData['own_file.disclosed'] }): OwnFileRequest {
  if (e.kind === 'own_file.requested') {
    const { request_id, ...d } = e.data as EventData['own_file.requested'];
    return { id: request_id, person_id: e.person_id!, ...d, disclosure_id: null, disclosed_at: null };
  }
  return { ...r!, disclosure_id: (e.data as EventData['own_file.disclosed']).disclosure_id, disclosed_at: e.occurred_at };
}

export interface DiscloseOwnFile {
  readonly person_id: string;
  /** The request this copy answers, if it answers one. */
  readonly request_id?: string;
  readonly recipient: OwnFileRecipient;
  /** Counsel's name, when counsel obtains it. */
  readonly counsel_name?: string;
  readonly redactions: readonly Redaction[];
}

export interface OwnFileDisclosure {
  readonly id: string;
  readonly person_id: string;
  /** The request it answered, if any. */
  readonly request_id: string | null;
  readonly recipient: OwnFileRecipient;
  readonly counsel_name: string | null;
  readonly redactions: readonly (Redaction & { readonly redacted_by: string })[];
  readonly disclosed_at: string;
  readonly disclosed_by: string;
}

const maxRedactions = 20;

type Ctx = DecisionContext & { readonly actor: string; readonly role: string };

/** Give the detainee or counsel their file, every redaction recorded with its basis; a copy that answers a request names it (its clock is met). */
export function decideDiscloseOwnFile(subject: { readonly person: Person | null; readonly request: OwnFileRequest | null }, input: DiscloseOwnFile, ctx: Ctx): Decision {
  const { person, request } = subject;
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (input.request_id !== undefined) {
    if (!request || request.person_id !== person.id) return reject('not_found', 'no request for this person’s file with this id', '/request_id');
    if (request.disclosure_id) return reject('invalid_transition', `this request was answered on ${request.disclosed_at}`, '/request_id');
  }
  if (person.merged_into) return reject('invalid_value', `this record was merged into ${person.merged_into}; give that record's file`, '/person_id');
  if (!(ownFileRecipients as readonly string[]).includes(input.recipient)) return reject('invalid_value', `recipient is one of: ${ownFileRecipients.join(', ')}`, '/recipient');
  if (input.recipient === 'counsel' && !filled(input.counsel_name)) return reject('missing_item', 'name the counsel who obtains the file', '/counsel_name');
  if (input.redactions.length > maxRedactions) return reject('invalid_value', `at most ${maxRedactions} redactions in one copy`, '/redactions');
  for (const [i, r] of input.redactions.entries()) {
    const field = `/redactions/${i}`;
    if (!(ownFileSections as readonly string[]).includes(r.section)) return reject('invalid_value', `section is one of: ${ownFileSections.join(', ')}`, `${field}/section`);
    if (!filled(r.what)) return reject('missing_item', 'say what is withheld', `${field}/what`);
    if (!filled(r.legal_basis)) return reject('missing_item', 'a redaction is lawful only with its legal basis: give the law and article', `${field}/legal_basis`);
  }
  return [
    newEvent('own_file.disclosed', person.id, ctx.now, {
      disclosure_id: ctx.newId(),
      ...(input.request_id !== undefined ? { request_id: input.request_id } : {}),
      recipient: input.recipient,
      counsel_name: input.recipient === 'counsel' ? input.counsel_name!.trim() : null,
      redactions: input.redactions.map((r) => ({ section: r.section, what: r.what.trim(), legal_basis: r.legal_basis.trim(), redacted_by: ctx.actor })),
      disclosed_by: ctx.actor,
    }),
  ];
}
