import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDeadlines } from './decision.ts';
import type { EventData, NewEvent } from './events.ts';
import type { Facility } from './facility.ts';
import type { Person } from './person.ts';
import { registerNumberFromBytes } from './register-number.ts';
import { isRejection } from './rejection.ts';
import type { Transfer, TransferMember, TransferPersonStatus } from './transfer.ts';
import {
  decideImportHandoverList,
  reconcile,
  type FreshPerson,
  type HandoverListEntry,
  type ImportHandoverList,
  type ImportState,
  type ListedRow,
  type OrderMember,
  type RowFindings,
} from './reconciliation.ts';

const ctx = { now: '2026-03-01T00:00:00Z', newId: (() => { let n = 0; return () => `id-${++n}`; })(), deadlines: defaultDeadlines, actor: 'officer.gate' };
const number = (i: number) => registerNumberFromBytes(Uint8Array.of(i, i, i, i, i));

const entry = (row: number, name: string, extra: Partial<HandoverListEntry> = {}): HandoverListEntry => ({
  row,
  sender_id: `S-${row}`,
  name_arabic: null,
  name_latin: name,
  mother_name: null,
  dob: { kind: 'year', year: 1988 },
  nationalities: ['IQ'],
  sex: 'male',
  register_number: null,
  ...extra,
});

const findings = (f: Partial<RowFindings> = {}): RowFindings => ({ same_as_row: null, by_number: null, members: [], register: [], ...f });

const member = (id: string, status: TransferPersonStatus = 'listed'): TransferMember => ({
  person_id: id,
  register_number: `RN-${id}`,
  status,
  from_facility_id: 'f1',
  from_unit_id: 'u1',
  from_category: 'men_untried',
  safeguards: null,
  leg: null,
});

const order = (ids: readonly string[], status: Transfer['status'] = 'approved'): Transfer => ({
  id: 't1',
  status,
  origin: { kind: 'facility', facility_id: 'f1' },
  destination: { kind: 'facility', facility_id: 'f2' },
  origin_country: 'IQ',
  created_by: 'officer.a',
  persons: ids.length,
  stops: [],
  at_stop: null,
  next_stop: 0,
  members: ids.map((id) => member(id)),
});

// The register's default "likely" (SIJILL_MATCH_LIKELY).
const state = (over: Partial<ImportState>): ImportState => ({ transfer: null, exists: false, facilities: new Map(), persons: new Map(), inTransitOn: new Map(), findings: [], fresh: [], likely: 0.8, ...over });

const list = (entries: readonly HandoverListEntry[], over: Partial<ImportHandoverList> = {}): ImportHandoverList => ({ list_id: 'l1', transfer_id: 't1', sender: 'Fictional sending authority', source: 'list.csv', entries, ...over });

/** The data of the event of a kind (about a person, when given). */
const dataOf = <K extends keyof EventData>(events: readonly NewEvent[], kind: K, person?: string) => events.find((e) => e.kind === kind && (person === undefined || e.person_id === person))!.data as EventData[K];

const rowsOf = (events: ReturnType<typeof decideImportHandoverList>) => {
  assert.ok(!isRejection(events), JSON.stringify(events));
  return dataOf(events, 'transfer.handover_list_imported').rows;
};

test('against an order: a register number claims first; name matches are given out strongest first, each member once; a beaten strong match is a second listing', () => {
  const entries = [
    entry(2, 'Salim Hamid', { register_number: number(1) }),
    entry(3, 'Mahmud Jabir'),
    entry(4, 'Mahmoud Jaber'),
    entry(5, 'Qasim Khalid'),
    entry(6, 'Salim Hamid again'),
    entry(7, 'Hamza Adil'),
    entry(8, 'Marwan Sufyan'),
  ];
  const f = [
    findings({ by_number: 'p1' }),
    // Row 3 matches p2 less well than row 4 does: row 4 takes p2, row 3 (0.92 ≥ 0.9) is listed twice.
    findings({ members: [{ person_id: 'p2', score: 0.92 }] }),
    findings({ members: [{ person_id: 'p2', score: 0.97 }] }),
    // Below the member threshold, and no register match: nobody.
    findings({ members: [{ person_id: 'p3', score: 0.6 }] }),
    findings({ same_as_row: 2 }),
    findings({ register: [{ person_id: 'p9', score: 0.85 }] }),
    findings(),
  ];
  const rows = rowsOf(decideImportHandoverList(state({ transfer: order(['p1', 'p2', 'p3']), findings: f }), list(entries), ctx));
  assert.deepEqual(
    rows.map((r) => [r.row, r.outcome, r.person_id, r.match, r.same_as_row]),
    [
      [2, 'on_order', 'p1', 'register_number', null],
      [3, 'listed_twice', 'p2', 'name', 4],
      [4, 'on_order', 'p2', 'name', null],
      [5, 'not_on_register', null, null, null],
      [6, 'listed_twice', 'p1', null, 2],
      [7, 'not_on_order', 'p9', 'name', null],
      [8, 'not_on_register', null, null, null],
    ],
  );
});

test('against an order: a beaten match under 0.9 is not a second listing, and a register number naming someone off the order is not_on_order', () => {
  const entries = [entry(2, 'a'), entry(3, 'b'), entry(4, 'c', { register_number: number(4) })];
  const f = [findings({ members: [{ person_id: 'p1', score: 0.95 }] }), findings({ members: [{ person_id: 'p1', score: 0.8 }] }), findings({ by_number: 'p4' })];
  const rows = rowsOf(decideImportHandoverList(state({ transfer: order(['p1']), findings: f }), list(entries), ctx));
  assert.deepEqual(rows.map((r) => [r.outcome, r.person_id]), [['on_order', 'p1'], ['not_on_register', null], ['not_on_order', 'p4']]);
});

test('against an order: refused when the order is missing or cancelled, when a register number is nobody’s, or the list has no sender or rows', () => {
  const one = [entry(2, 'a')];
  const refused = (s: ImportState, input: ImportHandoverList) => {
    const d = decideImportHandoverList(s, input, ctx);
    assert.ok(isRejection(d));
    return [d.code, d.field];
  };
  assert.deepEqual(refused(state({ findings: [findings()] }), list(one)), ['not_found', '/transfer_id']);
  assert.deepEqual(refused(state({ transfer: order(['p1'], 'cancelled'), findings: [findings()] }), list(one)), ['invalid_transition', '/transfer_id']);
  assert.deepEqual(refused(state({ transfer: order(['p1']), findings: [findings()] }), list([entry(5, 'a', { register_number: number(5) })])), ['not_found', '/rows/5/register_number']);
  assert.deepEqual(refused(state({ transfer: order(['p1']), findings: [findings()] }), list(one, { sender: ' ' })), ['missing_item', '/sender']);
  assert.deepEqual(refused(state({ transfer: order(['p1']) }), list([])), ['invalid_value', '/rows']);
});

const facility = { id: 'f2', name: 'Fictional Destination Prison' } as unknown as Facility;
const fresh = (row: number): FreshPerson => ({ person_id: `new-${row}`, register_number: number(100 + row), name_ids: [`n-${row}-0`, `n-${row}-1`] });
const newOrder = { origin: { kind: 'authority' as const, name: 'Fictional sending authority', country: 'SY' }, destination: { kind: 'facility' as const, facility_id: 'f2' }, reason: 'handover' };
const person = (id: string, status: Person['custody']['status'], facility_id: string | null = null): Person =>
  ({ id, register_number: number(7), details: {} as Person['details'], names: [], custody: { status, facility_id, unit_id: null, legal_status: null, category: null }, frozen: false, merged_into: null, version: 3 }) as Person;

test('a new order from a list: new persons registered, a second listing put on the order once, a strong match opens a review carrying its explanation', () => {
  const entries = [entry(2, 'Marwan Sufyan'), entry(3, 'Nabil Raed'), entry(4, 'Marwan Sufian'), entry(5, 'Yasin Majid'), entry(6, 'Old Friend', { register_number: number(7) })];
  const why = { name: 'Yassin Majid', nameScore: 0.97, evidence: [{ kind: 'dob', outcome: 'agree' }] };
  const f = [
    findings(),
    // Under the register threshold: no review.
    findings({ register: [{ person_id: 'p8', score: 0.79, explanation: { name: 'x' } }] }),
    findings({ same_as_row: 2 }),
    findings({ register: [{ person_id: 'p5', score: 0.91, explanation: why }] }),
    findings({ by_number: 'p7' }),
  ];
  const s = state({ facilities: new Map([['f2', facility]]), persons: new Map([['p7', person('p7', 'registered')]]), findings: f, fresh: entries.map((e) => fresh(e.row)) });
  const events = decideImportHandoverList(s, list(entries, { new_transfer: newOrder }), ctx);
  assert.ok(!isRejection(events));
  assert.deepEqual(events.map((e) => e.kind), ['person.registered', 'person.registered', 'person.registered', 'person.duplicate_suspected', 'transfer.created', 'transfer.handover_list_imported']);
  const review = events.find((e) => e.kind === 'person.duplicate_suspected')!;
  assert.equal(review.person_id, 'new-5');
  assert.deepEqual(review.data, { candidate_id: 'p5', score: 0.91, explanation: why });
  const rows = rowsOf(events);
  assert.deepEqual(
    rows.map((r) => [r.row, r.outcome, r.person_id, r.same_as_row, r.suspected]),
    [
      [2, 'registered', 'new-2', null, []],
      [3, 'registered', 'new-3', null, []],
      [4, 'listed_twice', 'new-2', 2, []],
      [5, 'registered', 'new-5', null, [{ person_id: 'p5', score: 0.91 }]],
      [6, 'added', 'p7', null, []],
    ],
  );
  assert.deepEqual(dataOf(events, 'transfer.created').persons, ['new-2', 'new-3', 'new-5', 'p7']);
  const registered = dataOf(events, 'person.registered', 'new-2');
  assert.deepEqual(registered.names.map((n) => [n.script, n.full, n.source]), [['Latn', 'Marwan Sufyan', 'handover_list']]);
});

test('a new order from a list: refused, naming the row, for a person in transit or held elsewhere, a row without sex, or a list from a facility without register numbers', () => {
  const refusal = (s: Partial<ImportState>, entries: HandoverListEntry[], input: Partial<ImportHandoverList> = {}) => {
    const d = decideImportHandoverList(state({ facilities: new Map([['f2', facility], ['f1', facility]]), fresh: entries.map((e) => fresh(e.row)), ...s }), list(entries, { new_transfer: newOrder, ...input }), ctx);
    assert.ok(isRejection(d));
    return [d.code, d.field, d.message];
  };
  const numbered = [entry(4, 'a', { register_number: number(7) })];
  const [code, field, message] = refusal({ persons: new Map([['p7', person('p7', 'in_transit')]]), inTransitOn: new Map([['p7', 't0']]), findings: [findings({ by_number: 'p7' })] }, numbered);
  assert.deepEqual([code, field], ['invalid_transition', '/rows/4/register_number']);
  assert.match(message as string, /^row 4: person .* is already in transit on transfer t0/);
  assert.deepEqual(refusal({ persons: new Map([['p7', person('p7', 'in_custody', 'f9')]]), findings: [findings({ by_number: 'p7' })] }, numbered).slice(0, 2), ['already_in_custody', '/rows/4/register_number']);
  assert.deepEqual(refusal({ findings: [findings()] }, [entry(3, 'a', { sex: null })]).slice(0, 2), ['missing_item', '/rows/3/sex']);
  assert.deepEqual(
    refusal({ findings: [findings()] }, [entry(3, 'a')], { new_transfer: { ...newOrder, origin: { kind: 'facility', facility_id: 'f1' } } }).slice(0, 2),
    ['missing_item', '/rows/3/register_number'],
  );
});

const listed = (row: number, outcome: ListedRow['outcome'], person_id: string | null, over: Partial<ListedRow> = {}): ListedRow => ({
  ...entry(row, `Name ${row}`),
  outcome,
  person_id,
  match: person_id ? 'name' : null,
  score: person_id ? 0.9 : null,
  same_as_row: null,
  suspected: [],
  ...over,
});

test('reconcile: listed and received, listed and not received with why, received and not listed, on the order and not listed, listed twice as groups, matched register entries', () => {
  const rows: ListedRow[] = [
    listed(2, 'on_order', 'p1', { match: 'register_number', score: null }),
    listed(3, 'on_order', 'p2'),
    listed(4, 'listed_twice', 'p1', { same_as_row: 2, match: null, score: null }),
    // A third listing pointing at the second: one group, rooted at the first.
    listed(5, 'listed_twice', 'p1', { same_as_row: 4, match: null, score: null }),
    listed(6, 'not_on_order', 'p9'),
    listed(7, 'not_on_register', null),
    listed(8, 'registered', 'new-8', { match: null, score: null, suspected: [{ person_id: 'p5', score: 0.88 }] }),
  ];
  const members: OrderMember[] = [
    { person_id: 'p1', register_number: 'R1', status: 'received' },
    { person_id: 'p2', register_number: 'R2', status: 'unaccounted' },
    { person_id: 'p3', register_number: 'R3', status: 'received' },
    { person_id: 'p4', register_number: 'R4', status: 'in_transit' },
    { person_id: 'new-8', register_number: 'R8', status: 'listed' },
  ];
  const report = reconcile(rows, members, new Map([['p9', 'R9'], ['p5', 'R5']]));
  assert.deepEqual(report.listed_and_received.map((r) => [r.row, r.register_number]), [[2, 'R1']]);
  assert.deepEqual(report.listed_not_received.map((r) => [r.row, r.register_number, r.why]), [[3, 'R2', 'unaccounted'], [6, 'R9', 'not_on_order'], [7, null, 'not_on_register'], [8, 'R8', 'listed']]);
  assert.deepEqual(report.received_not_listed, [{ person_id: 'p3', register_number: 'R3' }]);
  assert.deepEqual(report.on_order_not_listed.map((m) => m.person_id), ['p4']);
  assert.deepEqual(report.listed_twice, [{ person_id: 'p1', rows: [2, 4, 5] }]);
  assert.deepEqual(report.matched_existing.map((m) => [m.row, m.person_id, m.register_number, m.how, m.outcome]), [
    [2, 'p1', 'R1', 'register_number', 'on_order'],
    [3, 'p2', 'R2', 'name', 'on_order'],
    [6, 'p9', 'R9', 'name', 'not_on_order'],
    [8, 'p5', 'R5', 'name', 'registered'],
  ]);
  assert.deepEqual(report.counts, {
    rows: 7, persons_listed: 5, on_order: 5, received: 2, listed_and_received: 1, listed_not_received: 4,
    received_not_listed: 1, on_order_not_listed: 1, listed_twice: 2, matched_existing: 4,
  });
});

test('a new order from a list of 10,000 rows: the order and the list are written as bounded events, none lost and in order, each small enough for the log', () => {
  const rows = 10_000;
  const entries = Array.from({ length: rows }, (_, i) => entry(i + 2, `Marwan Sufyan Hamid al-Fictional ${i}`, { name_arabic: `مروان سفيان حميد الخيالي ${i}`, mother_name: `فاطمة ${i}` }));
  const s = state({ facilities: new Map([['f2', facility]]), findings: entries.map(() => findings()), fresh: entries.map((e) => fresh(e.row)) });
  const events = decideImportHandoverList(s, list(entries, { new_transfer: newOrder }), ctx);
  assert.ok(!isRejection(events));
  const kinds = events.filter((e) => e.kind !== 'person.registered').map((e) => e.kind);
  assert.equal(kinds[0], 'transfer.created');
  const ordered = kinds.indexOf('transfer.handover_list_imported');
  assert.ok(ordered > 1, 'the order needs more than one event');
  assert.deepEqual(new Set(kinds.slice(1, ordered)), new Set(['transfer.persons_listed']));
  assert.ok(kinds.length - ordered > 1, 'the list needs more than one event');
  assert.deepEqual(new Set(kinds.slice(ordered + 1)), new Set(['transfer.handover_list_rows']));
  const persons = events.flatMap((e) => (e.kind === 'transfer.created' || e.kind === 'transfer.persons_listed' ? (e.data as EventData['transfer.persons_listed']).persons : []));
  assert.deepEqual(persons, entries.map((e) => `new-${e.row}`));
  const listed = events.flatMap((e) => (e.kind === 'transfer.handover_list_imported' || e.kind === 'transfer.handover_list_rows' ? (e.data as EventData['transfer.handover_list_rows']).rows : []));
  assert.deepEqual(listed.map((r) => r.row), entries.map((e) => e.row));
  for (const e of events) {
    if (e.kind === 'transfer.persons_listed' || e.kind === 'transfer.handover_list_rows') assert.deepEqual(Object.keys(e.data).sort(), e.kind === 'transfer.persons_listed' ? ['persons', 'transfer_id'] : ['list_id', 'rows', 'transfer_id']);
    assert.ok(Buffer.byteLength(JSON.stringify(e.data)) <= 50 * 1024, e.kind);
  }
});
