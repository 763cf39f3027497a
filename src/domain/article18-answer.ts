/**
 * The answer to an information request (ICPPED 18(1)), computed from the person's events in the
 * register: (a) the authority that ordered the detention; (b) the date, time and place the
 * deprivation of liberty began and of admission; (c) the authority supervising it; (d) the
 * whereabouts, with every transfer; (e) the release; (f) the state of health; (g) a death, with
 * its circumstances, cause and the destination of the remains.
 *
 * Every item is in the answer: given, "not recorded" (the register does not hold it, with the
 * reason recorded when there is one) or "withheld" (a restriction in force, named with its legal
 * basis, judicial reference and expiry) — never silently left out.
 */
import type { EventData, EventKind } from './events.ts';
import type { GivenAnswer } from './information-request.ts';
import { isUnknown, type Known } from './values.ts';
import { article18Items, type Article18Item, type Restriction } from './restriction.ts';

export type Item<T> =
  | { readonly status: 'given'; readonly facts: T }
  | { readonly status: 'not_recorded'; readonly reason: string | null }
  | { readonly status: 'withheld'; readonly restriction_id: string; readonly legal_basis: string; readonly judicial_reference: string; readonly expires_at: string };

export const movementKinds = ['admitted', 'dispatched', 'checked_in', 'arrived_at_stop', 'returned', 'released', 'handed_over', 'died', 'escaped', 'transferred_out_of_register'] as const;

/** A place a person was held or passed through, or an exit, in time order. */
export interface Movement {
  readonly at: string;
  readonly kind: (typeof movementKinds)[number];
  /** The facility's name, the escort's authority in transit, or the receiving party of an exit. */
  readonly place: string;
}

export interface Article18Facts {
  readonly ordering_authority: { readonly authority: string; readonly law: string; readonly article: string; readonly basis_reference: string; readonly basis_issued_by: string; readonly basis_issued_on: string };
  readonly detention_began: { readonly at: string; readonly place: string; readonly authority: string };
  readonly admission: { readonly at: string; readonly facility: string; readonly facility_authority: string };
  readonly supervising_authority: { readonly authority: string };
  readonly whereabouts: { readonly status: 'in_custody' | 'in_transit' | 'released' | 'handed_over' | 'deceased' | 'escaped' | 'transferred_out_of_register'; readonly place: string; readonly since: string; readonly movements: readonly Movement[] };
  readonly release: { readonly released: false } | { readonly released: true; readonly at: string; readonly kind: 'released' | 'handed_over' | 'transferred_out_of_register'; readonly to: string; readonly reference: string };
  readonly health: { readonly health_record: string | null; readonly last_examination: { readonly at: string; readonly outcome: string } | null };
  readonly death: { readonly died: false } | { readonly died: true; readonly at: string; readonly circumstances: string; readonly cause: string; readonly remains: string };
}

export interface Article18Answer {
  readonly computed_at: string;
  readonly register_number: string;
  readonly items: { readonly [K in Article18Item]: Item<Article18Facts[K]> };
}

/**
 * An answer as the register keeps it: not the answer itself (a person with hundreds of
 * transfers has an answer larger than an event may be: event-size.ts), but what recomputes it
 * exactly — the person's events of `article18EventKinds` up to a log index and how many they
 * were, the instant it was computed at, every item withheld with the restriction that withheld
 * it — and the SHA-256 of the answer's canonical JSON, which the recomputation must give again.
 */
export interface AnswerReference {
  readonly register_number: string;
  readonly computed_at: string;
  /** The log index of the last event the answer was computed from; null when there was none. */
  readonly up_to_idx: number | null;
  /** How many events it was computed from. */
  readonly events: number;
  readonly withheld: readonly ({ readonly item: Article18Item } & WithholdingRestriction)[];
  /** Hex SHA-256 of the answer's canonical JSON (RFC 8785). */
  readonly sha256: string;
}

/** What an answer says of the restriction that withholds an item. */
export type WithholdingRestriction = { readonly restriction_id: string; readonly legal_basis: string; readonly judicial_reference: string; readonly expires_at: string };

/** What of a restriction the computation reads. */
export type RestrictionWithheld = Pick<Restriction, 'id' | 'items' | 'legal_basis' | 'judicial_reference' | 'expires_at'>;

/** The items an answer withholds, each with what it says of its restriction (kept in the answer's reference). */
export function withheldWithRestrictions(answer: Article18Answer): AnswerReference['withheld'] {
  return article18Items.flatMap((item) => {
    const it = answer.items[item];
    return it.status === 'withheld' ? [{ item, restriction_id: it.restriction_id, legal_basis: it.legal_basis, judicial_reference: it.judicial_reference, expires_at: it.expires_at }] : [];
  });
}

/** The restrictions an answer's reference records, as `article18Answer` takes them, to recompute it. */
export function restrictionsOfReference(ref: AnswerReference): RestrictionWithheld[] {
  const byId = new Map<string, { id: string; items: Article18Item[]; legal_basis: string; judicial_reference: string; expires_at: string }>();
  for (const w of ref.withheld) {
    const r = byId.get(w.restriction_id) ?? { id: w.restriction_id, items: [], legal_basis: w.legal_basis, judicial_reference: w.judicial_reference, expires_at: w.expires_at };
    r.items.push(w.item);
    byId.set(w.restriction_id, r);
  }
  return [...byId.values()];
}

/**
 * The kinds of events an answer is computed from (the rest of a person's chain — names, cases,
 * earlier answers — says nothing article 18 asks): a reader may load only these.
 */
export const article18EventKinds = [
  'person.admitted', 'person.dispatched', 'person.checked_in', 'person.arrived_at_stop', 'person.returned', 'person.released', 'person.handed_over',
  'person.transferred_out_of_register', 'person.died', 'person.escaped', 'person.task_completed',
] as const satisfies readonly EventKind[];

/** What the computation needs of an event: its kind, when, and its data. */
export interface PersonEvent {
  readonly kind: string;
  readonly occurred_at: string;
  readonly data: unknown;
}

export interface FacilityNames {
  get(id: string): { readonly name: string; readonly authority: string } | undefined;
}

const given = <T>(facts: T): Item<T> => ({ status: 'given', facts });
const notRecorded = (reason: string | null = null): Item<never> => ({ status: 'not_recorded', reason });
const fromKnown = <T, U>(item: Known<T> | undefined, map: (t: T) => U): Item<U> => (item === undefined ? notRecorded() : isUnknown(item) ? notRecorded(item.unknown_reason) : given(map(item)));

const is = <K extends EventKind>(e: PersonEvent, kind: K): e is PersonEvent & { data: EventData[K] } => e.kind === kind;

/** The answer for a person at `now`, from their events in log order, withholding what `restrictions` (in force for this requester) name. */
export function article18Answer(registerNumber: string, events: readonly PersonEvent[], facilities: FacilityNames, restrictions: readonly RestrictionWithheld[], now: string): Article18Answer {
  const place = (id: string | null | undefined) => (id ? (facilities.get(id)?.name ?? id) : '');
  const admissions = events.filter((e) => is(e, 'person.admitted')) as (PersonEvent & { data: EventData['person.admitted'] })[];
  const first = admissions[0];
  const last = admissions.at(-1);

  const movements: Movement[] = [];
  const held: { status: Article18Facts['whereabouts']['status'] | null; where: string; since: string } = { status: null, where: '', since: '' };
  let release: Article18Facts['release'] = { released: false };
  let death: Article18Facts['death'] = { died: false };
  const examinations = new Set<string>();
  let lastExamination: { at: string; outcome: string } | null = null;
  const move = (e: PersonEvent, kind: Movement['kind'], at: string, to: string, status: Article18Facts['whereabouts']['status']) => {
    movements.push({ at, kind, place: to });
    held.status = status;
    held.where = to;
    held.since = at;
  };
  for (const e of events) {
    for (const t of ((e.data as { tasks?: { task_id: string; task: string }[] }).tasks ?? [])) if (t.task === 'medical_examination') examinations.add(t.task_id);
    if (is(e, 'person.admitted')) move(e, 'admitted', e.occurred_at, place(e.data.facility_id), 'in_custody');
    else if (is(e, 'person.dispatched')) move(e, 'dispatched', e.occurred_at, e.data.escort_authority, 'in_transit');
    else if (is(e, 'person.checked_in')) move(e, 'checked_in', e.occurred_at, place(e.data.facility_id), 'in_custody');
    else if (is(e, 'person.arrived_at_stop')) move(e, 'arrived_at_stop', e.occurred_at, place(e.data.facility_id), 'in_custody');
    else if (is(e, 'person.returned')) move(e, 'returned', e.occurred_at, place(e.data.facility_id), 'in_custody');
    else if (is(e, 'person.released')) {
      move(e, 'released', e.occurred_at, e.data.released_to, 'released');
      release = { released: true, at: e.occurred_at, kind: 'released', to: e.data.released_to, reference: e.data.order_reference };
    } else if (is(e, 'person.handed_over')) {
      move(e, 'handed_over', e.occurred_at, `${e.data.receiving_authority} (${e.data.to_state})`, 'handed_over');
      release = { released: true, at: e.occurred_at, kind: 'handed_over', to: `${e.data.receiving_authority} (${e.data.to_state})`, reference: e.data.receipt_reference };
    } else if (is(e, 'person.transferred_out_of_register')) {
      move(e, 'transferred_out_of_register', e.occurred_at, e.data.register, 'transferred_out_of_register');
      release = { released: true, at: e.occurred_at, kind: 'transferred_out_of_register', to: e.data.register, reference: e.data.receipt_reference };
    } else if (is(e, 'person.died')) {
      move(e, 'died', e.occurred_at, place(e.data.from_facility_id), 'deceased');
      death = { died: true, at: e.occurred_at, circumstances: e.data.circumstances, cause: e.data.cause, remains: e.data.remains };
    } else if (is(e, 'person.escaped')) move(e, 'escaped', e.occurred_at, place(e.data.from_facility_id), 'escaped');
    else if (is(e, 'person.task_completed') && examinations.has(e.data.task_id)) lastExamination = { at: e.occurred_at, outcome: e.data.outcome };
  }

  const healthRecord = last && !isUnknown(last.data.items.health_record) ? last.data.items.health_record.reference : null;
  const facts: { [K in Article18Item]: Item<Article18Facts[K]> } = {
    ordering_authority: first
      ? fromKnown(first.data.items.ordering_authority, (o) => ({ authority: o.authority, law: o.law, article: o.article, basis_reference: first.data.basis.reference, basis_issued_by: first.data.basis.issuing_authority, basis_issued_on: first.data.basis.issued_on }))
      : notRecorded(),
    detention_began: first ? fromKnown(first.data.items.first_deprivation, (d) => ({ at: d.at, place: d.place, authority: d.authority })) : notRecorded(),
    admission: first ? given({ at: first.occurred_at, facility: place(first.data.facility_id), facility_authority: facilities.get(first.data.facility_id)?.authority ?? '' }) : notRecorded(),
    supervising_authority: last ? fromKnown(last.data.items.supervising_authority, (s) => ({ authority: s.authority })) : notRecorded(),
    whereabouts: held.status === null ? notRecorded() : given({ status: held.status, place: held.where, since: held.since, movements }),
    release: given(release),
    health: healthRecord === null && lastExamination === null ? notRecorded(last && isUnknown(last.data.items.health_record) ? last.data.items.health_record.unknown_reason : null) : given({ health_record: healthRecord, last_examination: lastExamination }),
    death: given(death),
  };
  const items = { ...facts } as Record<Article18Item, Item<unknown>>;
  for (const r of restrictions) {
    for (const item of r.items) {
      if (items[item]?.status === 'withheld') continue;
      items[item] = { status: 'withheld', restriction_id: r.id, legal_basis: r.legal_basis, judicial_reference: r.judicial_reference, expires_at: r.expires_at };
    }
  }
  return { computed_at: now, register_number: registerNumber, items: Object.fromEntries(article18Items.map((k) => [k, items[k]])) as Article18Answer['items'] };
}

/** The items a given answer withheld, each with what it says of its restriction: from its reference, or from the answer itself when it was written whole. */
export function withheldOfGiven(given: GivenAnswer): AnswerReference['withheld'] {
  if (given.reference) return given.reference.withheld;
  return given.answer ? withheldWithRestrictions(given.answer) : [];
}
