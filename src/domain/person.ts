/**
 * A person on the register: a permanent register number, every name they have used, and
 * the details that tell them apart from everyone else (MR7(a), ICPPED 17(3)(a)).
 */
import type { CustodyStatus } from './custody.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import {
  nameSources,
  newEvent,
  scripts,
  type EventKind,
  type NameRecord,
  type PersonDetails,
} from './events.ts';
import type { Category, LegalStatus } from './placement.ts';
import { parseRegisterNumber } from './register-number.ts';
import { reject, type Rejection } from './rejection.ts';
import { checkDateOfBirth, checkNationalities, isCountryCode } from './values.ts';
import { localDay } from './local-day.ts';

/** A person as the decisions see them. */
export interface Person {
  readonly id: string;
  readonly register_number: string;
  readonly details: PersonDetails;
  readonly names: readonly NameRecord[];
  readonly custody: {
    readonly status: CustodyStatus;
    readonly facility_id: string | null;
    readonly unit_id: string | null;
    readonly legal_status: LegalStatus | null;
    readonly category: Category | null;
  };
  /** Frozen as evidence after a death (MR71): no correction may touch the record. */
  readonly frozen: boolean;
  /** When this record was merged into another as a duplicate: the record it points to. */
  readonly merged_into: string | null;
  readonly version: number;
}

export interface RegisterPerson extends PersonDetails {
  readonly person_id: string;
  readonly register_number: string;
  readonly names: readonly NameRecord[];
  /** Why a new record is registered although the register probably holds the person already (identity.ts). */
  readonly duplicate_reason?: string;
}

const maxNameLength = 300;

/** Check one name record. */
export function checkName(name: NameRecord, field: string): Rejection | null {
  if (!filled(name.full)) return reject('missing_item', 'a name record needs the name as written', `${field}/full`);
  if (name.full.length > maxNameLength) return reject('invalid_value', `a name is at most ${maxNameLength} characters`, `${field}/full`);
  if (!/\p{L}/u.test(name.full)) return reject('invalid_value', 'a name must contain letters', `${field}/full`);
  if (!scripts.includes(name.script)) return reject('invalid_value', `script must be one of: ${scripts.join(', ')}`, `${field}/script`);
  if (name.script === 'Arab' && !/\p{Script=Arabic}/u.test(name.full)) return reject('invalid_value', 'a name marked Arab script contains no Arabic letters', `${field}/script`);
  if (name.script === 'Latn' && !/\p{Script=Latin}/u.test(name.full)) return reject('invalid_value', 'a name marked Latn script contains no Latin letters', `${field}/script`);
  if (!nameSources.includes(name.source)) return reject('invalid_value', `source must be one of: ${nameSources.join(', ')}`, `${field}/source`);
  if (!(name.confidence >= 0 && name.confidence <= 1)) return reject('invalid_value', 'confidence is a number from 0 to 1', `${field}/confidence`);
  for (const [part, value] of Object.entries(name.parts)) {
    if (value !== undefined && !filled(value)) return reject('invalid_value', 'leave a name part out rather than empty', `${field}/parts/${part}`);
  }
  return null;
}

function checkDetails(details: Partial<PersonDetails>, today: string): Rejection | null {
  if (details.dob) {
    const bad = checkDateOfBirth(details.dob, today, '/dob');
    if (bad) return bad;
  }
  if (details.nationalities) {
    const bad = checkNationalities(details.nationalities, '/nationalities');
    if (bad) return bad;
  }
  for (const [i, language] of (details.languages ?? []).entries()) {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) return reject('invalid_value', 'a language is a BCP 47 tag such as ar, ckb, kmr or en', `/languages/${i}`);
  }
  for (const [i, doc] of (details.documents ?? []).entries()) {
    if (!filled(doc.number)) return reject('missing_item', 'a document needs its number', `/documents/${i}/number`);
    if (!isCountryCode(doc.issuing_country)) return reject('invalid_value', 'issuing_country must be an ISO 3166-1 alpha-2 code', `/documents/${i}/issuing_country`);
  }
  for (const [i, ref] of (details.biometric_refs ?? []).entries()) {
    if (!filled(ref.system) || !filled(ref.reference)) return reject('missing_item', 'a biometric reference names its system and the record id there', `/biometric_refs/${i}`);
  }
  return null;
}

/** Register a person under every name given. At least one name is required. */
export function decideRegistration(input: RegisterPerson, ctx: DecisionContext): Decision {
  if (parseRegisterNumber(input.register_number) !== input.register_number) {
    return reject('invalid_value', 'register_number must be a valid printed register number', '/register_number');
  }
  if (input.names.length === 0) return reject('missing_item', 'register a person under at least one name', '/names');
  for (const [i, name] of input.names.entries()) {
    const bad = checkName(name, `/names/${i}`);
    if (bad) return bad;
  }
  const bad = checkDetails(input, localDay(ctx.now, ctx.utcOffsetMinutes));
  if (bad) return bad;
  // The reason for registering over a likely duplicate is kept on the suspicions it concerns (identity.ts).
  const { person_id, duplicate_reason: _despite, ...data } = input;
  return [newEvent('person.registered', person_id, ctx.now, data)];
}

/** Add a name the person is also known by. Names are never removed, only corrected. */
export function decideAddName(person: Person, name: NameRecord, ctx: DecisionContext): Decision {
  const bad = checkName(name, '/name');
  if (bad) return bad;
  if (person.names.some((n) => n.id === name.id)) return reject('duplicate', 'this name record is already on the person', '/name/id');
  return [newEvent('person.name_added', person.id, ctx.now, { name })];
}

export interface CorrectPerson {
  readonly corrects: string;
  readonly reason: string;
  readonly changes: Partial<PersonDetails> & { readonly name?: NameRecord };
}

/** Correct what an earlier event recorded. The corrected event stays in the log. */
export function decideCorrection(
  person: Person,
  corrected: { readonly kind: EventKind; readonly person_id: string | null } | null,
  input: CorrectPerson,
  ctx: DecisionContext,
): Decision {
  if (person.frozen) return reject('record_frozen', 'the record is frozen as evidence after a death (MR71); it cannot be corrected', '/');
  const bad = checkCorrection(person, corrected, input, localDay(ctx.now, ctx.utcOffsetMinutes));
  if (bad) return bad;
  return [newEvent('person.corrected', person.id, ctx.now, input)];
}

/**
 * What is wrong with a correction of one of the person's events, or null: the event is theirs,
 * a reason is given, and what it changes would be accepted as recorded anew. Every correction
 * is checked so, whether applied to the record or recorded beside a frozen one.
 */
export function checkCorrection(person: Person, corrected: { readonly person_id: string | null } | null, input: CorrectPerson, today: string): Rejection | null {
  if (!corrected || corrected.person_id !== person.id) return reject('not_found', 'the corrected event is not an event about this person', '/corrects');
  if (!filled(input.reason)) return reject('missing_item', 'say why the record is corrected', '/reason');
  const { name, ...details } = input.changes ?? {};
  if (!name && Object.keys(details).length === 0) return reject('missing_item', 'a correction changes at least one thing', '/changes');
  if (name) {
    const bad = checkName(name, '/changes/name');
    if (bad) return bad;
    if (!person.names.some((n) => n.id === name.id)) return reject('not_found', 'no name record with this id on the person', '/changes/name/id');
  }
  const bad = checkDetails(details, today);
  return bad ? { ...bad, field: `/changes${bad.field ?? ''}` } : null;
}

/** Optimistic concurrency: a command based on an older version of the record is refused. */
export function checkVersion(person: Person, expected: number | undefined): Rejection | null {
  if (expected === undefined || expected === person.version) return null;
  return reject('stale_version', `the person's record changed (version ${person.version}, you saw ${expected}); reload and try again`, '/expected_version');
}
