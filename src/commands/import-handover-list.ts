/**
 * Import a handover list: every row matched against the order it feeds and the register, then
 * settled by the domain (src/domain/reconciliation.ts) in one transaction — the list, and for
 * a new order the registrations and the order itself, or nothing. A dry run decides the same
 * way and writes nothing.
 *
 * Matching: rows naming a register number are that person. Other rows are looked up by each
 * of their names with date of birth, nationality, sex and mother's name as evidence: against
 * the persons on the order (a small index of their names, where the row is expected), then
 * against the whole register (the identity index). Rows of the same list are matched with
 * each other too: the same sender id, register number, or names and evidence agreeing make a
 * second listing of one person (list-matching.ts: a long list is matched with itself in a
 * worker thread while the register is searched here). The register is asked about many rows at
 * once (the identity index reads the log once per chunk of rows, not once per row), and explains
 * its candidates only for a new order, where a strong one opens a duplicate review that must say
 * why — and only the strong ones.
 */
import { createHash, randomUUID } from 'node:crypto';
import { matchThresholds } from '../config.ts';
import type { Facility } from '../domain/facility.ts';
import type { Role } from '../domain/permissions.ts';
import { registerNumberFromBytes } from '../domain/register-number.ts';
import {
  decideImportHandoverList,
  reconcile,
  type FreshPerson,
  type HandoverListEntry,
  type ImportHandoverList,
  type ImportState,
  type ListedRow,
  type OrderMember,
  type ReconciliationReport,
  type RowCandidate,
  type RowFindings,
} from '../domain/reconciliation.ts';
import { isRejection, type Rejection } from '../domain/rejection.ts';
import type { DateOfBirth } from '../domain/values.ts';
import { NameIndex } from '../match/name-index.ts';
import type { Queryable } from '../store/database.ts';
import { loadFacilities, loadPersons, loadTransfer, lockTransfer, transfersInTransit } from '../store/subjects.ts';
import { clockRules } from '../store/clock-projection.ts';
import { defaultDeadlines } from '../domain/decision.ts';
import type { CommandDefinition, IdentityLookup, Register } from './execute.ts';
import { matchDate } from '../queries/identity-index.ts';
import { asideFrom, best, listedEarlier, listedEarlierAside, listedEarlierByKey, namesOfEntry, queryOf } from './list-matching.ts';

/** Told how far matching has come: rows matched of all rows. */
export type ImportProgress = (done: number, total: number) => void;

export interface ImportedList {
  readonly list_id: string;
  readonly transfer_id: string;
  /** Whether the order was drawn up from this list. */
  readonly transfer_created: boolean;
  readonly rows: number;
  /** New register entries made for rows nobody on the register had. */
  readonly registered: number;
  /** Duplicate reviews opened for new entries that may be an existing one. */
  readonly reviews_opened: number;
  readonly counts: ReconciliationReport['counts'];
}

/** A name-based UUID (RFC 9562 version 5) under a namespace UUID: the same list and row always give the same id. */
function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The ids a row takes if it registers a new person, derived from the list id: a retry of the
 * same import (same list id) is the same request, so idempotency holds without sending
 * thousands of ids.
 */
export function freshPerson(listId: string, row: number): FreshPerson {
  const bytes = createHash('sha256').update(`${listId}:${row}:register_number`).digest().subarray(0, 5);
  return { person_id: uuidV5(listId, `${row}:person`), register_number: registerNumberFromBytes(bytes), name_ids: [uuidV5(listId, `${row}:name:0`), uuidV5(listId, `${row}:name:1`)] };
}

/** An index of the names of the persons on an order, with their evidence. */
async function memberIndex(q: Queryable, personIds: readonly string[]): Promise<NameIndex> {
  const index = new NameIndex();
  if (!personIds.length) return index;
  const { rows } = await q.query<{ id: string; sex: string; dob: DateOfBirth; nationalities: string[]; names: string[]; mothers: string[] }>(
    `SELECT p.id, p.sex, p.dob, p.nationalities,
            array_agg(n.full_name ORDER BY n.id) AS names,
            array_remove(array_agg(n.parts->>'mother_full' ORDER BY n.id), NULL) AS mothers
       FROM person p JOIN name_record n ON n.person_id = p.id WHERE p.id = ANY($1::uuid[]) GROUP BY p.id`,
    [personIds],
  );
  for (const r of rows) index.add(r.id, r.names, { dob: matchDate(r.dob), nationalities: r.nationalities.filter((n) => n !== 'unknown'), sex: r.sex, motherNames: r.mothers });
  return index;
}

async function personsByNumber(q: Queryable, numbers: readonly string[]): Promise<Map<string, string>> {
  if (!numbers.length) return new Map();
  const { rows } = await q.query<{ id: string; register_number: string }>('SELECT id, register_number FROM person WHERE register_number = ANY($1::text[])', [numbers]);
  return new Map(rows.map((r) => [r.register_number, r.id]));
}

const numbersOf = (input: ImportHandoverList) => [...new Set(input.entries.flatMap((e) => (e.register_number ? [e.register_number] : [])))];

/** Rows looked up in the register per read of the log: the command line hears progress after each. */
const registerChunk = 500;

type IdentityQuery = Parameters<IdentityLookup['search']>[0];

/** The register's look-up of a row's name with its evidence. */
function identityQuery(e: HandoverListEntry, name: string): IdentityQuery {
  const q = queryOf(e, name);
  return { name, ...(e.dob.kind === 'unknown' ? {} : { dob: e.dob }), ...(q.nationalities ? { nationalities: q.nationalities } : {}), ...(q.sex ? { sex: q.sex } : {}), ...(q.motherName ? { motherName: q.motherName } : {}) };
}

/**
 * Strong register candidates of rows, by row position: every name of each row looked up,
 * the log read once per chunk of rows. Explanations are made only when asked for (a new
 * order, where a strong candidate opens a duplicate review that says why), and only for the
 * candidates strong enough to be kept.
 */
async function registerCandidates(tx: Queryable, identity: IdentityLookup, entries: readonly HandoverListEntry[], rows: readonly number[], explain: boolean, onChunk: (done: number) => void): Promise<Map<number, RowCandidate[]>> {
  const out = new Map<number, RowCandidate[]>();
  for (let at = 0; at < rows.length; at += registerChunk) {
    const chunk = rows.slice(at, at + registerChunk);
    const queries = chunk.flatMap((i) => namesOfEntry(entries[i]!).map((name) => ({ i, query: identityQuery(entries[i]!, name) })));
    // Only candidates from "likely" up are kept below, so only they are explained.
    const answers = await identity.searchMany(queries.map((x) => x.query), 3, tx, { explain, explainFrom: matchThresholds().likely });
    const found = new Map<number, RowCandidate[]>();
    for (const [k, { i }] of queries.entries()) {
      const list = found.get(i) ?? [];
      for (const c of answers[k]!) list.push({ person_id: c.id, score: c.score, ...(explain ? { explanation: c.explanation ?? null } : {}) });
      found.set(i, list);
    }
    for (const i of chunk) out.set(i, best(found.get(i) ?? [], matchThresholds().likely));
    onChunk(at + chunk.length);
  }
  return out;
}

/** Everything the decision needs: the order, the persons named by number, and what matching found for each row. */
async function loadImport(tx: Queryable, input: ImportHandoverList, register: Register, onProgress?: ImportProgress): Promise<ImportState> {
  const transfer = input.new_transfer ? null : await loadTransfer(tx, input.transfer_id);
  const exists = input.new_transfer ? (await tx.query('SELECT 1 FROM transfer WHERE id = $1', [input.transfer_id])).rows.length > 0 : false;
  const endpoints = input.new_transfer ? [input.new_transfer.origin, input.new_transfer.destination].flatMap((e) => (e.kind === 'facility' ? [e.facility_id] : [])) : [];
  const facilities: Map<string, Facility> = await loadFacilities(tx, endpoints);
  const byNumber = await personsByNumber(tx, numbersOf(input));
  const members = transfer ? await memberIndex(tx, transfer.members.map((m) => m.person_id)) : null;
  const entries = input.entries;
  const total = entries.length;
  // The list is matched with itself (in a worker thread for a long list) while its rows are
  // looked up on the order and in the register below: each row's look-ups depend on no other
  // row, so a row that turns out to list someone a second time is looked up for nothing, and
  // its answers are dropped. Rows an earlier row lists by sender id or number are known now.
  const listing = entries.length >= asideFrom ? listedEarlierAside(entries) : Promise.resolve(listedEarlier(entries));
  // Its failure is the import's, heard once the register has been searched.
  listing.catch(() => undefined);
  // Rows not yet known to be second listings, nor named by register number: matched by name.
  const byKey = listedEarlierByKey(entries);
  const maybeByName = entries.flatMap((e, i) => (byKey[i] === null && !e.register_number ? [i] : []));
  const onOrder = new Map<number, RowCandidate[]>();
  if (members) {
    for (const i of maybeByName) {
      const found: RowCandidate[] = [];
      for (const name of namesOfEntry(entries[i]!)) for (const c of members.search(queryOf(entries[i]!, name), { top: 3, explain: false }).candidates) found.push({ person_id: c.id, score: c.score });
      onOrder.set(i, best(found, matchThresholds().likely));
    }
  }
  // The register at large, where the order did not answer (or there is no order yet).
  const elsewhere = maybeByName.filter((i) => !onOrder.get(i)?.length);
  const matchedEarly = total - elsewhere.length;
  const progress = (done: number) => onProgress?.(matchedEarly + done, total);
  const onRegister = register.identity ? await registerCandidates(tx, register.identity, entries, elsewhere, Boolean(input.new_transfer), progress) : new Map<number, RowCandidate[]>();
  const same = await listing;
  if (!register.identity || elsewhere.length === 0) onProgress?.(total, total);
  // A second listing is settled by its first row: its own look-ups are not findings.
  const findings: RowFindings[] = entries.map((e, i) => ({
    same_as_row: same[i]!,
    by_number: e.register_number ? (byNumber.get(e.register_number) ?? null) : null,
    members: same[i] === null ? (onOrder.get(i) ?? []) : [],
    register: same[i] === null ? (onRegister.get(i) ?? []) : [],
  }));
  const named = [...new Set(findings.flatMap((f) => (f.by_number ? [f.by_number] : [])))];
  return {
    transfer,
    exists,
    facilities,
    persons: await loadPersons(tx, named),
    inTransitOn: await transfersInTransit(tx, named),
    findings,
    fresh: input.new_transfer ? entries.map((e) => freshPerson(input.list_id, e.row)) : [],
    likely: matchThresholds().likely,
  };
}

/** The members of the order after the decision: the existing order's, or everyone the new order lists. */
function membersAfter(state: ImportState, rows: readonly ListedRow[], input: ImportHandoverList): OrderMember[] {
  if (!input.new_transfer) return (state.transfer?.members ?? []).map((m) => ({ person_id: m.person_id, register_number: m.register_number, status: m.status }));
  const numbers = new Map<string, string>([...state.persons.values()].map((p) => [p.id, p.register_number]));
  for (const fresh of state.fresh) numbers.set(fresh.person_id, fresh.register_number);
  const seen = new Set<string>();
  const out: OrderMember[] = [];
  for (const r of rows) {
    if (r.outcome === 'listed_twice' || !r.person_id || seen.has(r.person_id)) continue;
    seen.add(r.person_id);
    out.push({ person_id: r.person_id, register_number: numbers.get(r.person_id)!, status: 'listed' });
  }
  return out;
}

function summarise(input: ImportHandoverList, state: ImportState, rows: readonly ListedRow[]): ImportedList {
  const report = reconcile(rows, membersAfter(state, rows, input));
  return {
    list_id: input.list_id,
    transfer_id: input.transfer_id,
    transfer_created: Boolean(input.new_transfer),
    rows: rows.length,
    registered: rows.filter((r) => r.outcome === 'registered').length,
    reviews_opened: rows.reduce((n, r) => n + r.suspected.length, 0),
    counts: report.counts,
  };
}

/** The list's rows as decided: those of the imported event and of the handover_list_rows events after it. */
const listedRows = (events: readonly { kind: string; data: unknown }[]) =>
  events.flatMap((e) => (e.kind === 'transfer.handover_list_imported' || e.kind === 'transfer.handover_list_rows' ? (e.data as { rows: ListedRow[] }).rows : []));

/** The import command; `onProgress` hears how far matching has come (the command line shows it). */
export function importHandoverListCommand(onProgress?: ImportProgress): CommandDefinition<ImportHandoverList, ImportState, ImportedList> {
  return {
    kind: 'import-handover-list',
    async lock(tx, input) {
      if (!input.new_transfer) return lockTransfer(tx, input.transfer_id);
      // The persons the list names by number: their custody is checked, and must not change meanwhile.
      await tx.query('SELECT 1 FROM person WHERE register_number = ANY($1::text[]) ORDER BY id FOR UPDATE', [numbersOf(input)]);
    },
    load: (tx, input, register) => loadImport(tx, input, register, onProgress),
    decide: (state, input, ctx) => decideImportHandoverList(state, input, ctx),
    respond: (events, input, state) => summarise(input, state, listedRows(events)),
  };
}

export const importHandoverList = importHandoverListCommand();

/**
 * Decide an import without writing anything: the same matching and the same decision, in a
 * transaction that only reads. Returns the rows as they would be settled and the report.
 */
export async function previewHandoverList(
  register: Register,
  input: ImportHandoverList,
  who: { actor: string; role: Role },
  onProgress?: ImportProgress,
): Promise<{ ok: true; summary: ImportedList; rows: readonly ListedRow[]; report: ReconciliationReport } | { ok: false; rejection: Rejection }> {
  return register.db.transaction(async (tx) => {
    const state = await loadImport(tx, input, register, onProgress);
    const now = (register.clock ?? (() => new Date()))().toISOString();
    const decision = decideImportHandoverList(state, input, { now, newId: randomUUID, deadlines: register.deadlines ?? defaultDeadlines, utcOffsetMinutes: clockRules().utcOffsetMinutes, actor: who.actor });
    if (isRejection(decision)) return { ok: false as const, rejection: decision };
    const rows = listedRows(decision);
    const named = [...new Set(rows.flatMap((r) => [...(r.person_id ? [r.person_id] : []), ...r.suspected.map((c) => c.person_id)]))];
    const { rows: known } = await tx.query<{ id: string; register_number: string }>('SELECT id, register_number FROM person WHERE id = ANY($1::uuid[])', [named]);
    const numbers = new Map(known.map((p) => [p.id, p.register_number]));
    return { ok: true as const, summary: summarise(input, state, rows), rows, report: reconcile(rows, membersAfter(state, rows, input), numbers) };
  });
}
