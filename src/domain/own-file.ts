/**
 * The detainee's own file (MR9): the detainee, or counsel on their behalf, obtains a copy of
 * the file the register holds on them. Anything withheld is a lawful redaction, recorded:
 * which part of the file, what in it, the legal basis, and who redacted it. The official copy
 * at release (the record extract) lists every redaction of every copy given, so what was
 * withheld and why is never silent.
 */
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent } from './events.ts';
import type { Person } from './person.ts';
import { reject } from './rejection.ts';

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

export interface DiscloseOwnFile {
  readonly person_id: string;
  readonly recipient: OwnFileRecipient;
  /** Counsel's name, when counsel obtains it. */
  readonly counsel_name?: string;
  readonly redactions: readonly Redaction[];
}

export interface OwnFileDisclosure {
  readonly id: string;
  readonly person_id: string;
  readonly recipient: OwnFileRecipient;
  readonly counsel_name: string | null;
  readonly redactions: readonly (Redaction & { readonly redacted_by: string })[];
  readonly disclosed_at: string;
  readonly disclosed_by: string;
}

const maxRedactions = 20;

type Ctx = DecisionContext & { readonly actor: string; readonly role: string };

/** Give the detainee or counsel their file, every redaction recorded with its basis. */
export function decideDiscloseOwnFile(person: Person | null, input: DiscloseOwnFile, ctx: Ctx): Decision {
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
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
      recipient: input.recipient,
      counsel_name: input.recipient === 'counsel' ? input.counsel_name!.trim() : null,
      redactions: input.redactions.map((r) => ({ section: r.section, what: r.what.trim(), legal_basis: r.legal_basis.trim(), redacted_by: ctx.actor })),
      disclosed_by: ctx.actor,
    }),
  ];
}
