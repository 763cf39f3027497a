/**
 * Handover lists and their reconciliation (DESIGN 1: in 2026 official counts of one movement
 * ranged from about 2,250 to 5,700, because the lists that travelled with the people did not
 * agree). A list from the sending side is imported against a transfer order — an existing
 * one, or one drawn up from the list — and every row is settled: the person on the order it
 * names, a register entry not on the order, nobody on the register, or a second listing of a
 * person already listed. The reconciliation report then sets the list against the order as
 * it stands: listed and received, listed and not received, received and not listed, listed
 * twice, and rows that matched an existing register entry.
 *
 * Matching names is the matcher's work (src/match), done by the command before deciding;
 * this file decides from what it found, and never merges register entries: a strong match
 * of a row that registers a new person opens a duplicate review, as any registration does.
 */
import { filled, type Decision } from './decision.ts';
import { chunkList } from './event-size.ts';
import { newEvent, type NameRecord, type NewEvent } from './events.ts';
import type { Facility } from './facility.ts';
import { suspectDuplicates, type DuplicateCandidate } from './identity.ts';
import { decideRegistration, type Person, type RegisterPerson } from './person.ts';
import type { Sex } from './placement.ts';
import { isRejection, reject } from './rejection.ts';
import { decideCreateTransfer, type ActorContext, type Transfer, type TransferEndpoint, type TransferPersonStatus } from './transfer.ts';
import type { DateOfBirth } from './values.ts';

/** One row of a handover list, as read through its mapping. */
export interface HandoverListEntry {
  /** The row number the spreadsheet shows. */
  readonly row: number;
  /** The sending side's own id for the person. */
  readonly sender_id: string | null;
  readonly name_arabic: string | null;
  readonly name_latin: string | null;
  readonly mother_name: string | null;
  readonly dob: DateOfBirth;
  readonly nationalities: readonly string[];
  readonly sex: Sex | null;
  /** A register number, when the list carries one (a person already on the register). */
  readonly register_number: string | null;
}

/** A name candidate for a row: a person and the matcher's score. */
export interface RowCandidate {
  readonly person_id: string;
  readonly score: number;
  readonly explanation?: unknown;
}

/** What the matcher found for one row, before anything is decided. */
export interface RowFindings {
  /** An earlier row of the same list judged to be the same person (same sender id, or names and evidence agreeing). */
  readonly same_as_row: number | null;
  /** The person the row's register number names, when it names one. */
  readonly by_number: string | null;
  /** Persons on the order whose names match the row, best first (a list for an existing order). */
  readonly members: readonly RowCandidate[];
  /** Entries of the register whose names match the row strongly, best first. */
  readonly register: readonly RowCandidate[];
}

/**
 * How a row was settled. For a list against an existing order: `on_order` (the person on the
 * order it names), `not_on_order` (a register entry that is not on the order), `not_on_register`.
 * For a list that draws up a new order: `added` (a register entry, by its register number) or
 * `registered` (a new entry). Either way, `listed_twice`: the person of an earlier row.
 */
export const rowOutcomes = ['on_order', 'not_on_order', 'not_on_register', 'added', 'registered', 'listed_twice'] as const;
export type RowOutcome = (typeof rowOutcomes)[number];

/** A row as the register keeps it: the entry, how it was settled, and why. */
export interface ListedRow extends HandoverListEntry {
  readonly outcome: RowOutcome;
  readonly person_id: string | null;
  /** How the person was found: by the register number on the list, or by name. */
  readonly match: 'register_number' | 'name' | null;
  readonly score: number | null;
  readonly same_as_row: number | null;
  /** Register entries a newly registered row may be: each opened for review. */
  readonly suspected: readonly { readonly person_id: string; readonly score: number }[];
}

/*
 * The matcher's scores are probabilities that the candidate is the row's person (issue 12).
 * Two of the decisions below are the register's "likely" (SIJILL_MATCH_LIKELY, default 0.8):
 * the probability from which a candidate is taken to be the person unless a clerk says
 * otherwise. Narrowing the search to an order's members needs no lower threshold of its
 * own, as it did for similarities: the model's prior already counts the entries searched.
 */
/**
 * Two rows of one list at least this likely to be one person are one: the later row is
 * settled as a second listing without a review, so it asks for more than "likely" — nine
 * chances in ten. Not the configured thresholds (a different decision: no clerk sees it).
 */
export const sameRowThreshold = 0.9;

/** Fresh ids for a row that registers a new person (derived by the command from the list id). */
export interface FreshPerson {
  readonly person_id: string;
  readonly register_number: string;
  readonly name_ids: readonly [string, string];
}

export interface ImportHandoverList {
  readonly list_id: string;
  readonly transfer_id: string;
  /** Draw up a new order from the list; absent when the list feeds an existing order. */
  readonly new_transfer?: { readonly origin: TransferEndpoint; readonly destination: TransferEndpoint; readonly reason: string };
  /** Who sent the list (the sending authority or official). */
  readonly sender: string;
  /** The file it came in. */
  readonly source: string;
  readonly entries: readonly HandoverListEntry[];
}

/** What the import decides from. */
export interface ImportState {
  /** The existing order (with every member), or null when none was found. */
  readonly transfer: Transfer | null;
  /** An order with the new order's id already exists. */
  readonly exists: boolean;
  readonly facilities: ReadonlyMap<string, Facility>;
  /** Register entries the rows name by number or candidates, by id. */
  readonly persons: ReadonlyMap<string, Person>;
  /** For persons in transit: the open order they are in transit on. */
  readonly inTransitOn: ReadonlyMap<string, string>;
  /** Per entry, in order. */
  readonly findings: readonly RowFindings[];
  /** Per entry, in order: the ids a new registration would take. */
  readonly fresh: readonly FreshPerson[];
  /**
   * The register's "likely" (SIJILL_MATCH_LIKELY, given by the command): a person on the order
   * this likely to be the row's person is taken to be; a register entry this likely is reported,
   * and for a new registration reviewed.
   */
  readonly likely: number;
}

const rowField = (row: number, field: string) => `/rows/${row}${field}`;

/** The name records a row gives a newly registered person. */
function namesOf(entry: HandoverListEntry, fresh: FreshPerson): NameRecord[] {
  const parts = entry.mother_name ? { mother_full: entry.mother_name } : {};
  const names: NameRecord[] = [];
  if (entry.name_arabic) names.push({ id: fresh.name_ids[0], script: 'Arab', full: entry.name_arabic, parts, source: 'handover_list', confidence: 0.5 });
  if (entry.name_latin) names.push({ id: fresh.name_ids[1], script: 'Latn', full: entry.name_latin, parts: names.length ? {} : parts, source: 'handover_list', confidence: 0.5 });
  return names;
}

/**
 * Settle rows against an existing order: each person on the order is claimed by at most one
 * row, the strongest match first; a row whose person another row claimed is a second listing.
 */
function settleAgainstOrder(transfer: Transfer, state: ImportState, entries: readonly HandoverListEntry[]): ListedRow[] {
  const members = new Set(transfer.members.map((m) => m.person_id));
  const settled = new Map<number, ListedRow>();
  const claimedBy = new Map<string, number>();
  const base = (e: HandoverListEntry) => ({ ...e, suspected: [] as { person_id: string; score: number }[] });
  // Register numbers first: they identify without doubt.
  for (const [i, e] of entries.entries()) {
    const f = state.findings[i]!;
    if (f.same_as_row !== null || !f.by_number) continue;
    const claimed = claimedBy.get(f.by_number);
    const found = { ...base(e), person_id: f.by_number, match: 'register_number' as const, score: null };
    if (claimed !== undefined) settled.set(e.row, { ...found, outcome: 'listed_twice', same_as_row: claimed });
    else if (members.has(f.by_number)) {
      claimedBy.set(f.by_number, e.row);
      settled.set(e.row, { ...found, outcome: 'on_order', same_as_row: null });
    } else settled.set(e.row, { ...found, outcome: 'not_on_order', same_as_row: null });
  }
  const pairs = entries
    .flatMap((e, i) => (settled.has(e.row) || state.findings[i]!.same_as_row !== null ? [] : state.findings[i]!.members.filter((c) => members.has(c.person_id) && c.score >= state.likely).map((c) => ({ row: e.row, c }))))
    .sort((a, b) => b.c.score - a.c.score || a.row - b.row);
  const assigned = new Map<number, RowCandidate>();
  for (const { row, c } of pairs) {
    if (assigned.has(row) || claimedBy.has(c.person_id)) continue;
    assigned.set(row, c);
    claimedBy.set(c.person_id, row);
  }
  const out: ListedRow[] = [];
  for (const [i, e] of entries.entries()) {
    const f = state.findings[i]!;
    const done = settled.get(e.row);
    if (done) {
      out.push(done);
      continue;
    }
    if (f.same_as_row !== null) {
      const first = out.find((r) => r.row === f.same_as_row);
      out.push({ ...base(e), outcome: 'listed_twice', person_id: first?.person_id ?? null, match: null, score: null, same_as_row: f.same_as_row });
      continue;
    }
    const mine = assigned.get(e.row);
    if (mine) {
      out.push({ ...base(e), outcome: 'on_order', person_id: mine.person_id, match: 'name', score: mine.score, same_as_row: null });
      continue;
    }
    // Its best match on the order went to another row: a second listing of that person.
    const best = f.members.find((c) => members.has(c.person_id));
    if (best && best.score >= sameRowThreshold && claimedBy.has(best.person_id)) {
      out.push({ ...base(e), outcome: 'listed_twice', person_id: best.person_id, match: 'name', score: best.score, same_as_row: claimedBy.get(best.person_id)! });
      continue;
    }
    const elsewhere = f.register.find((c) => c.score >= state.likely && !members.has(c.person_id));
    out.push(
      elsewhere
        ? { ...base(e), outcome: 'not_on_order', person_id: elsewhere.person_id, match: 'name', score: elsewhere.score, same_as_row: null }
        : { ...base(e), outcome: 'not_on_register', person_id: null, match: null, score: null, same_as_row: null },
    );
  }
  return out;
}

/**
 * Import a handover list. Against an existing order nothing but the list is written; for a
 * new order, rows with a register number put that entry on the order, every other row
 * registers a new person (a strong name match opens a duplicate review, never a merge), a
 * second listing of a person puts them on the order once, and the order is drawn up as any
 * order is (decideCreateTransfer). A person already on a journey cannot be put on another.
 */
export function decideImportHandoverList(state: ImportState, input: ImportHandoverList, ctx: ActorContext): Decision {
  if (!filled(input.sender)) return reject('missing_item', 'name who sent the list (the sending authority or official)', '/sender');
  if (!filled(input.source)) return reject('missing_item', 'name the file the list came in', '/source');
  if (input.entries.length === 0) return reject('invalid_value', 'the list has no rows', '/rows');
  for (const [i, e] of input.entries.entries()) {
    if (e.register_number && !state.findings[i]!.by_number) return reject('not_found', `row ${e.row}: register number ${e.register_number} is on nobody’s record`, rowField(e.row, '/register_number'));
  }
  const events: NewEvent[] = [];
  let rows: ListedRow[];
  if (!input.new_transfer) {
    const transfer = state.transfer;
    if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
    if (transfer.status === 'cancelled') return reject('invalid_transition', 'the transfer is cancelled: a list cannot be reconciled against it', '/transfer_id');
    rows = settleAgainstOrder(transfer, state, input.entries);
  } else {
    const { origin, destination, reason } = input.new_transfer;
    const persons = new Map(state.persons);
    const registrations: NewEvent[] = [];
    const suspicions: NewEvent[] = [];
    rows = [];
    for (const [i, e] of input.entries.entries()) {
      const f = state.findings[i]!;
      const suspected: { person_id: string; score: number }[] = [];
      if (f.same_as_row !== null) {
        const first = rows.find((r) => r.row === f.same_as_row)!;
        rows.push({ ...e, outcome: 'listed_twice', person_id: first.person_id, match: null, score: null, same_as_row: f.same_as_row, suspected });
        continue;
      }
      if (f.by_number) {
        const person = state.persons.get(f.by_number)!;
        const field = rowField(e.row, '/register_number');
        if (person.merged_into) return reject('invalid_value', `row ${e.row}: register number ${person.register_number} is a record merged into ${person.merged_into}; list that record`, field);
        if (person.custody.status === 'in_transit') {
          const other = state.inTransitOn.get(person.id);
          return reject('invalid_transition', `row ${e.row}: person ${person.register_number} is already in transit${other ? ` on transfer ${other}` : ''}; nobody is on two journeys at once`, field);
        }
        if (origin.kind === 'authority' && person.custody.status === 'in_custody') {
          return reject('already_in_custody', `row ${e.row}: person ${person.register_number} is already in custody in a facility of the register, not with ${origin.name}`, field);
        }
        if (origin.kind === 'facility' && (person.custody.status !== 'in_custody' || person.custody.facility_id !== origin.facility_id)) {
          return reject('not_in_custody', `row ${e.row}: person ${person.register_number} is not held at the origin facility (${person.custody.status.replace(/_/g, ' ')})`, field);
        }
        rows.push({ ...e, outcome: 'added', person_id: person.id, match: 'register_number', score: null, same_as_row: null, suspected });
        continue;
      }
      if (origin.kind === 'facility') {
        return reject('missing_item', `row ${e.row}: a list from a facility of the register names each person by register number; this row has none`, rowField(e.row, '/register_number'));
      }
      const fresh = state.fresh[i]!;
      if (!e.sex) return reject('missing_item', `row ${e.row}: sex is not given, and a new person is registered with it (MR11): map a sex column or set defaults.sex in the mapping`, rowField(e.row, '/sex'));
      const person: RegisterPerson = {
        person_id: fresh.person_id,
        register_number: fresh.register_number,
        names: namesOf(e, fresh),
        sex: e.sex,
        gender: 'not_stated',
        dob: e.dob,
        nationalities: e.nationalities.length ? e.nationalities : ['unknown'],
        languages: [],
        documents: [],
        biometric_refs: [],
      };
      const registered = decideRegistration(person, ctx);
      if (isRejection(registered)) return { ...registered, message: `row ${e.row}: ${registered.message}`, field: rowField(e.row, registered.field ?? '') };
      registrations.push(...registered);
      const strong: DuplicateCandidate[] = f.register.filter((c) => c.score >= state.likely).map((c) => ({ person_id: c.person_id, score: c.score, explanation: c.explanation ?? null }));
      suspicions.push(...suspectDuplicates(person.person_id, strong, ctx));
      suspected.push(...strong.map((c) => ({ person_id: c.person_id, score: c.score })));
      persons.set(person.person_id, {
        id: person.person_id,
        register_number: person.register_number,
        details: person,
        names: person.names,
        custody: { status: 'registered', facility_id: null, unit_id: null, legal_status: null, category: null },
        frozen: false,
        merged_into: null,
        version: 1,
      });
      rows.push({ ...e, outcome: 'registered', person_id: person.person_id, match: null, score: null, same_as_row: null, suspected });
    }
    const onOrder = [...new Set(rows.flatMap((r) => (r.outcome === 'listed_twice' || !r.person_id ? [] : [r.person_id])))];
    const created = decideCreateTransfer(state.exists, state.facilities, persons, { transfer_id: input.transfer_id, origin, destination, reason, persons: onOrder }, ctx);
    if (isRejection(created)) {
      const at = /^\/persons\/(\d+)/.exec(created.field ?? '');
      const row = at ? rows.find((r) => r.person_id === onOrder[Number(at[1])])?.row : undefined;
      return row === undefined ? created : { ...created, message: `row ${row}: ${created.message}`, field: `/rows/${row}` };
    }
    events.push(...registrations, ...suspicions, ...created);
  }
  // A long list is written as bounded events of the same command: the first rows with the list, then the rest (event-size.ts).
  const [first, ...rest] = chunkList(rows);
  events.push(newEvent('transfer.handover_list_imported', null, ctx.now, { transfer_id: input.transfer_id, list_id: input.list_id, sender: input.sender, source: input.source, rows: first! }));
  for (const chunk of rest) events.push(newEvent('transfer.handover_list_rows', null, ctx.now, { transfer_id: input.transfer_id, list_id: input.list_id, rows: chunk }));
  return events;
}

// ---------------------------------------------------------------------------
// The reconciliation report
// ---------------------------------------------------------------------------

/** A person on the order as the report sees them. */
export interface OrderMember {
  readonly person_id: string;
  readonly register_number: string;
  readonly status: TransferPersonStatus;
}

export interface ReportRow {
  readonly row: number;
  readonly sender_id: string | null;
  readonly name: string;
  readonly person_id: string | null;
  readonly register_number: string | null;
}

/** Why a listed person is not (yet) received: where they stand on the order, or that they are not on it. */
export type NotReceivedReason = Exclude<TransferPersonStatus, 'received'> | 'not_on_order' | 'not_on_register';

export interface ReconciliationReport {
  readonly counts: {
    /** Rows on the list. */
    readonly rows: number;
    /** Distinct persons the list names (a second listing counts once). */
    readonly persons_listed: number;
    /** Persons on the order. */
    readonly on_order: number;
    readonly received: number;
    readonly listed_and_received: number;
    readonly listed_not_received: number;
    readonly received_not_listed: number;
    readonly on_order_not_listed: number;
    readonly listed_twice: number;
    readonly matched_existing: number;
  };
  readonly listed_and_received: readonly ReportRow[];
  readonly listed_not_received: readonly (ReportRow & { readonly why: NotReceivedReason })[];
  readonly received_not_listed: readonly { readonly person_id: string; readonly register_number: string }[];
  /** On the order, not on the list, and not received (yet, or at all). */
  readonly on_order_not_listed: readonly OrderMember[];
  /** Each person listed more than once: every row that names them, first row first. */
  readonly listed_twice: readonly { readonly person_id: string | null; readonly rows: readonly number[] }[];
  /** Rows that matched an entry already on the register (by register number or by name). */
  readonly matched_existing: readonly (ReportRow & { readonly how: 'register_number' | 'name'; readonly score: number | null; readonly outcome: RowOutcome })[];
}

/**
 * Set a list against the order as it stands now. `numbers` gives the register numbers of
 * persons the rows name who are not on the order.
 */
export function reconcile(rows: readonly ListedRow[], members: readonly OrderMember[], numbers: ReadonlyMap<string, string> = new Map()): ReconciliationReport {
  const byPerson = new Map(members.map((m) => [m.person_id, m]));
  const numberOf = (id: string | null) => (id ? (byPerson.get(id)?.register_number ?? numbers.get(id) ?? null) : null);
  const view = (r: ListedRow): ReportRow => ({ row: r.row, sender_id: r.sender_id, name: r.name_arabic ?? r.name_latin ?? '', person_id: r.person_id, register_number: numberOf(r.person_id) });
  const primary = rows.filter((r) => r.outcome !== 'listed_twice');
  const listedPersons = new Set(rows.flatMap((r) => (r.person_id && byPerson.has(r.person_id) ? [r.person_id] : [])));
  const listedAndReceived: ReportRow[] = [];
  const listedNotReceived: (ReportRow & { why: NotReceivedReason })[] = [];
  for (const r of primary) {
    const member = r.person_id ? byPerson.get(r.person_id) : undefined;
    if (member?.status === 'received') listedAndReceived.push(view(r));
    else listedNotReceived.push({ ...view(r), why: member ? (member.status as NotReceivedReason) : r.person_id ? 'not_on_order' : 'not_on_register' });
  }
  const receivedNotListed = members.filter((m) => m.status === 'received' && !listedPersons.has(m.person_id)).map((m) => ({ person_id: m.person_id, register_number: m.register_number }));
  const onOrderNotListed = members.filter((m) => m.status !== 'received' && !listedPersons.has(m.person_id));
  const groups = new Map<number, number[]>();
  const rowOf = new Map(rows.map((r) => [r.row, r]));
  const rootOf = (r: ListedRow): number => {
    let at = r;
    while (at.same_as_row !== null && rowOf.has(at.same_as_row) && at.same_as_row !== at.row) at = rowOf.get(at.same_as_row)!;
    return at.row;
  };
  for (const r of rows) {
    if (r.outcome !== 'listed_twice') continue;
    const root = rootOf(r);
    const group = groups.get(root) ?? [root];
    group.push(r.row);
    groups.set(root, group);
  }
  const listedTwice = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([root, group]) => ({ person_id: rowOf.get(root)?.person_id ?? null, rows: group.sort((a, b) => a - b) }));
  const matchedExisting = rows
    .filter((r) => r.person_id && r.match && r.outcome !== 'listed_twice' && r.outcome !== 'registered')
    .map((r) => ({ ...view(r), how: r.match!, score: r.score, outcome: r.outcome }));
  const newWithSuspicion = rows.filter((r) => r.outcome === 'registered' && r.suspected.length).map((r) => ({ ...view(r), person_id: r.suspected[0]!.person_id, register_number: numberOf(r.suspected[0]!.person_id), how: 'name' as const, score: r.suspected[0]!.score, outcome: r.outcome }));
  const matched = [...matchedExisting, ...newWithSuspicion].sort((a, b) => a.row - b.row);
  const distinct = new Set(primary.map((r) => r.person_id ?? `row:${r.row}`));
  return {
    counts: {
      rows: rows.length,
      persons_listed: distinct.size,
      on_order: members.length,
      received: members.filter((m) => m.status === 'received').length,
      listed_and_received: listedAndReceived.length,
      listed_not_received: listedNotReceived.length,
      received_not_listed: receivedNotListed.length,
      on_order_not_listed: onOrderNotListed.length,
      listed_twice: rows.length - primary.length,
      matched_existing: matched.length,
    },
    listed_and_received: listedAndReceived,
    listed_not_received: listedNotReceived,
    received_not_listed: receivedNotListed,
    on_order_not_listed: onOrderNotListed,
    listed_twice: listedTwice,
    matched_existing: matched,
  };
}
