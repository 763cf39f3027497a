/**
 * The register's public figures (issue 17), defined once as a fold over its events: the
 * server computes them at a log size when an official prepares a publication, and an outside
 * monitor holding the entries recomputes them at the same size with the same code.
 *
 * Two kinds of table:
 * - who is held at the log size, across two of the stock dimensions (facility, facility type,
 *   sex, age group, legal status, nationality) — any pair of them;
 * - the flows of each month: admissions, transfers between custodians, releases,
 *   repatriations, deaths, escapes (`month × flow`), and repatriations by receiving state
 *   (`month × receiving_state`).
 *
 * The figures are measured at the instant of the latest event folded (`measured_at`), and
 * stand at its local day (`as_of`, on the clocks' local time: local-day.ts). Ages are counted
 * on that day, from the latest possible day of birth, as placement counts them. A merged record is not counted
 * (its person is counted under the record it was merged into). What cannot be measured is
 * listed in `not_measured`, never published as zero.
 *
 * Held without a valid order (`month × flow`, column `held_without_valid_order`): the distinct
 * persons who at some instant of the month were in custody in breach of a clock of criminal
 * procedure — first appearance overdue, detention order expired, pre-trial cap exceeded: the
 * unlawful periods of those three rules as the legal clocks evaluate them (clocks/*, CLOCKS.md),
 * each custody of each person folded from their events with the clocks' own code. Measured
 * at the instant of the latest event folded (`measured_at`): a breach still open runs until then. A
 * month is a calendar month in the clocks' local time (Asia/Baghdad, UTC+03:00 by default):
 * from local midnight starting its first day, inclusive, to local midnight starting the next
 * month, exclusive (March 2026 = [2026-02-28T21:00:00Z, 2026-03-31T21:00:00Z)). An unlawful
 * period runs from its limit, exclusive (at the limit the person is still held lawfully), to
 * its end, exclusive; it counts in every month it overlaps. Records merged into another count
 * as that person, once.
 */
import { youngestAgeOn, type DateOfBirth } from './values.ts';
import { localDay } from './local-day.ts';
import { applyRegisterEvent, clockReadKinds, criminalProcedureRules, emptyPersonClocks, evaluatePersonClocks, personClocksFrom, type PersonClocks, type RegisterEvent } from './clocks/person-clocks.ts';
import { defaultClockRules, type ClockRules } from './clocks/rules.ts';
import { nationalityRegion } from './nationality-regions.ts';
import type { CountTable } from './disclosure-control.ts';

export const stockDimensions = ['facility', 'facility_type', 'sex', 'age_group', 'legal_status', 'nationality'] as const;
export type StockDimension = (typeof stockDimensions)[number];
export const flowDimensions = ['flow', 'receiving_state'] as const;
/** Every dimension a table may have: the stock dimensions, the month, and what flows by month. */
export const dimensions = [...stockDimensions, 'month', ...flowDimensions] as const;
export type Dimension = (typeof dimensions)[number];

export const flows = ['admissions', 'transfers', 'releases', 'repatriations', 'deaths', 'escapes'] as const;
export type Flow = (typeof flows)[number];
/** The last column of `month × flow`: persons held, at some instant of the month, without a lawful basis per the legal clocks. */
export const heldWithoutValidOrder = 'held_without_valid_order';
/** The columns of `month × flow`, in order. */
export const flowColumns = [...flows, heldWithoutValidOrder] as const;

/** Age groups (issue 17): children under 5 apart from other minors. */
export const ageGroups = ['adult', 'minor', 'under_5'] as const;

/** A table asked for: its row and column dimensions. */
export interface TableRequest {
  readonly rows: string;
  readonly columns: string;
}

/** What is published when a figure cannot be measured from the register yet. */
export interface NotMeasured {
  readonly table: string;
  readonly column: string;
  readonly reason: string;
}

/** The tables a publication carries unless it asks for others. */
export const defaultTables: readonly TableRequest[] = [
  { rows: 'facility_type', columns: 'sex' },
  { rows: 'facility', columns: 'sex' },
  { rows: 'facility', columns: 'age_group' },
  { rows: 'facility', columns: 'legal_status' },
  { rows: 'nationality', columns: 'sex' },
  { rows: 'month', columns: 'flow' },
  { rows: 'month', columns: 'receiving_state' },
];

export function tableName(request: TableRequest): string {
  return `${request.rows}_by_${request.columns}`;
}

/**
 * Why a table cannot be made, with the field to name (relative to the request: `/rows` or
 * `/columns`), or null. Stock dimensions pair with each other; `month` rows go with a flow
 * dimension as columns.
 */
export function checkTableRequest(request: TableRequest): { field: 'rows' | 'columns'; message: string } | null {
  const known = (d: string) => (dimensions as readonly string[]).includes(d);
  if (!known(request.rows)) return { field: 'rows', message: `there is no dimension ${JSON.stringify(request.rows)}; the dimensions are: ${dimensions.join(', ')}` };
  if (!known(request.columns)) return { field: 'columns', message: `there is no dimension ${JSON.stringify(request.columns)}; the dimensions are: ${dimensions.join(', ')}` };
  const isStock = (d: string) => (stockDimensions as readonly string[]).includes(d);
  if (request.rows === 'month') {
    if (!(flowDimensions as readonly string[]).includes(request.columns)) return { field: 'columns', message: `months go with one of: ${flowDimensions.join(', ')}` };
    return null;
  }
  if (!isStock(request.rows)) return { field: 'rows', message: `${request.rows} is a column dimension of the months; rows are one of: ${[...stockDimensions, 'month'].join(', ')}` };
  if (!isStock(request.columns)) return { field: 'columns', message: `with ${request.rows} as rows, columns are one of: ${stockDimensions.join(', ')}` };
  if (request.rows === request.columns) return { field: 'columns', message: 'rows and columns must be two different dimensions' };
  return null;
}

/** An event as the fold reads it: the register's logged events and a monitor's entries alike. */
export interface FoldedEvent {
  readonly kind: string;
  readonly person: string | null;
  readonly occurred_at: string;
  readonly data: unknown;
}

interface HeldPerson {
  sex: string;
  dob: DateOfBirth;
  nationality: string;
  facility: string | null;
  legalStatus: string | null;
  held: boolean;
  inTransit: boolean;
  merged: boolean;
}

interface FacilityInfo {
  readonly name: string;
  readonly kind: string;
}

const flowOf: Readonly<Record<string, Flow>> = {
  'person.admitted': 'admissions',
  'person.checked_in': 'transfers',
  'person.released': 'releases',
  'person.handed_over': 'repatriations',
  'person.died': 'deaths',
  'person.escaped': 'escapes',
};

const exits = new Set(['person.released', 'person.handed_over', 'person.died', 'person.escaped', 'person.transferred_out_of_register']);

/** The label of the stock dimensions with fixed values, in their order. */
const fixedLabels: Readonly<Partial<Record<StockDimension, readonly string[]>>> = {
  sex: ['male', 'female', 'unknown'],
  age_group: [...ageGroups, 'unknown'],
  legal_status: ['untried', 'convicted', 'not_charged', 'unknown'],
};

/** How the tables are read: the clock rules of the lawful-detention column, and columns a publication listed as not measured (left out, as they were then). */
export interface TableOptions {
  readonly clockRules?: ClockRules;
  readonly notMeasured?: readonly NotMeasured[];
  /**
   * The day the figures stand at (ages are counted on it; the last month is its month): by
   * default the local day of the latest event folded, on the clock rules' local time. A
   * publication made before the figures recorded the instant they measured stood at that
   * instant's UTC day, and is recomputed with the day it gave.
   */
  readonly asOf?: string | null;
}

/** The register folded one event at a time; `tables` reads the figures at the events folded so far. */
export class FiguresFold {
  private readonly persons = new Map<string, HeldPerson>();
  /** person → the events of theirs the legal clocks read, in log order (folded with the rules when a table is read). */
  private readonly clockEvents = new Map<string, RegisterEvent[]>();
  /** A merged record → the record it was merged into. */
  private readonly mergedInto = new Map<string, string>();
  private readonly facilities = new Map<string, FacilityInfo>();
  /** month → flow → count */
  private readonly flowCounts = new Map<string, Map<string, number>>();
  /** month → receiving state → count */
  private readonly repatriations = new Map<string, Map<string, number>>();
  private latest = Number.NEGATIVE_INFINITY;
  private latestAt: string | null = null;
  /** Events folded: the log size the figures stand at when the fold started at 0. */
  size = 0;

  apply(event: FoldedEvent): void {
    const idx = this.size++;
    const at = Date.parse(event.occurred_at);
    if (Number.isFinite(at) && at > this.latest) {
      this.latest = at;
      this.latestAt = event.occurred_at;
    }
    const d = (event.data ?? {}) as Record<string, unknown>;
    const flow = flowOf[event.kind];
    if (flow) {
      const month = event.occurred_at.slice(0, 7);
      bump(this.flowCounts, month, flow);
      if (flow === 'repatriations') bump(this.repatriations, month, String(d.to_state ?? 'unknown'));
    }
    if (event.kind === 'facility.registered') {
      this.facilities.set(String(d.facility_id), { name: String(d.name), kind: String(d.kind) });
      return;
    }
    const id = event.person;
    if (!id) return;
    if (clockReadKinds.has(event.kind)) {
      const logged: RegisterEvent = { idx, kind: event.kind, occurred_at: event.occurred_at, data: event.data };
      const own = this.clockEvents.get(id);
      if (own) own.push(logged);
      else this.clockEvents.set(id, [logged]);
    }
    if (event.kind === 'person.registered') {
      const nationalities = (d.nationalities as string[] | undefined) ?? [];
      this.persons.set(id, {
        sex: String(d.sex ?? 'unknown'),
        dob: d.dob as DateOfBirth,
        nationality: nationalities[0] ?? 'unknown',
        facility: null,
        legalStatus: null,
        held: false,
        inTransit: false,
        merged: false,
      });
      return;
    }
    const p = this.persons.get(id);
    if (!p) return;
    switch (event.kind) {
      case 'person.corrected': {
        const changes = (d.changes ?? {}) as { sex?: string; dob?: DateOfBirth; nationalities?: string[] };
        if (changes.sex !== undefined) p.sex = changes.sex;
        if (changes.dob !== undefined) p.dob = changes.dob;
        if (changes.nationalities !== undefined) p.nationality = changes.nationalities[0] ?? 'unknown';
        return;
      }
      case 'person.admitted':
      case 'person.checked_in':
        p.facility = String(d.facility_id);
        p.legalStatus = String(d.legal_status);
        p.held = true;
        p.inTransit = false;
        return;
      case 'person.moved':
      case 'person.returned':
      case 'person.arrived_at_stop':
        p.facility = String(d.facility_id);
        p.held = true;
        p.inTransit = false;
        return;
      case 'person.dispatched':
        p.facility = null;
        p.held = true;
        p.inTransit = true;
        return;
      case 'person.merged':
        p.merged = true;
        this.mergedInto.set(id, String(d.into));
        return;
      case 'person.split':
        p.merged = false;
        this.mergedInto.delete(id);
        return;
      default:
        if (exits.has(event.kind)) {
          p.held = false;
          p.inTransit = false;
          p.facility = null;
        }
    }
  }

  /** The instant the figures are measured at: the latest `occurred_at` folded (ISO 8601, UTC), or null before any event. */
  measuredAt(): string | null {
    return this.latestAt === null ? null : new Date(this.latest).toISOString();
  }

  /** The day the figures stand at: the local day (YYYY-MM-DD) of {@link measuredAt}, on the rules' local time; null before any event. */
  asOf(rules: ClockRules = defaultClockRules): string | null {
    return this.latestAt === null ? null : localDay(this.latest, rules.utcOffsetMinutes);
  }

  /**
   * The count tables asked for, at the events folded so far. `smallState`: a state with this
   * many persons held or fewer is counted in its region (the publication's threshold).
   */
  tables(requests: readonly TableRequest[], smallState: number, options: TableOptions = {}): CountTable[] {
    let labels: Map<string, string[]> | undefined;
    const day = options.asOf !== undefined ? options.asOf : this.asOf(options.clockRules);
    return requests.map((r) => (r.rows === 'month' ? this.flowTable(r, options, day) : this.stockTable(r, (labels ??= this.heldLabels(smallState, day)))));
  }

  /**
   * month → the distinct persons held at some instant of it in breach of a clock of criminal
   * procedure, measured at the latest event folded (see the head of this file).
   */
  heldWithoutValidOrder(rules: ClockRules = defaultClockRules): Map<string, number> {
    const now = this.latest;
    if (!Number.isFinite(now)) return new Map();
    const persons = new Map<number, number>();
    // Records joined by a merge are one person: their months are gathered under the record kept.
    const merged = new Set([...this.mergedInto.keys(), ...this.mergedInto.values()]);
    const mergedMonths = new Map<string, Set<number>>();
    for (const [id, events] of this.clockEvents) {
      const spans: { first: number; last: number }[] = [];
      for (const custody of custodiesOf(events, rules)) {
        if (custody.regime !== 'criminal') continue;
        for (const period of evaluatePersonClocks(custody, now, rules)?.unlawful_periods ?? []) {
          if (!criminalProcedureRules.includes(period.rule)) continue;
          const span = monthSpan(period.from, period.to ?? now, rules.utcOffsetMinutes);
          if (span) spans.push(span);
        }
      }
      if (spans.length === 0) continue;
      if (spans.length === 1 && !merged.has(id)) {
        // One period (the common case): its months, each once.
        for (let m = spans[0]!.first; m <= spans[0]!.last; m++) persons.set(m, (persons.get(m) ?? 0) + 1);
        continue;
      }
      const months = new Set<number>();
      for (const span of spans) for (let m = span.first; m <= span.last; m++) months.add(m);
      if (merged.has(id)) {
        const person = this.personOf(id);
        const gathered = mergedMonths.get(person);
        if (gathered) for (const m of months) gathered.add(m);
        else mergedMonths.set(person, months);
      } else {
        for (const m of months) persons.set(m, (persons.get(m) ?? 0) + 1);
      }
    }
    for (const months of mergedMonths.values()) for (const m of months) persons.set(m, (persons.get(m) ?? 0) + 1);
    return new Map([...persons].map(([m, n]) => [monthLabel(m), n]));
  }

  /** The record a person is counted under: the one it was merged into, followed to the end. */
  private personOf(id: string): string {
    const seen = new Set<string>();
    let at = id;
    while (this.mergedInto.has(at) && !seen.has(at)) {
      seen.add(at);
      at = this.mergedInto.get(at)!;
    }
    return at;
  }

  private facilityLabels(): Map<string, string> {
    const byName = new Map<string, string[]>();
    for (const [id, f] of this.facilities) byName.set(f.name, [...(byName.get(f.name) ?? []), id]);
    const labels = new Map<string, string>();
    for (const [name, ids] of byName) for (const id of ids) labels.set(id, ids.length > 1 ? `${name} (${id.slice(0, 8)})` : name);
    return labels;
  }

  /** Each person held (merged records aside), labelled once on every stock dimension: dimension → one label per person. */
  private heldLabels(smallState: number, asOf: string | null): Map<string, string[]> {
    const day = asOf ?? '1970-01-01';
    const facilityLabels = this.facilityLabels();
    const held = [...this.persons.values()].filter((p) => p.held && !p.merged);
    const perState = new Map<string, number>();
    for (const p of held) perState.set(p.nationality, (perState.get(p.nationality) ?? 0) + 1);
    const nationalityLabel = (code: string) => (code === 'unknown' || code === 'stateless' || (perState.get(code) ?? 0) > smallState ? code : nationalityRegion(code));
    const where = (p: HeldPerson, of: (facility: string) => string) => (p.inTransit ? 'in_transit' : p.facility ? of(p.facility) : 'unknown');
    return new Map<string, string[]>([
      ['facility', held.map((p) => where(p, (f) => facilityLabels.get(f) ?? 'unknown'))],
      ['facility_type', held.map((p) => where(p, (f) => this.facilities.get(f)?.kind ?? 'unknown'))],
      ['sex', held.map((p) => (p.sex === 'male' || p.sex === 'female' ? p.sex : 'unknown'))],
      ['age_group', held.map((p) => ageGroup(p.dob, day))],
      ['legal_status', held.map((p) => p.legalStatus ?? 'unknown')],
      ['nationality', held.map((p) => nationalityLabel(p.nationality))],
    ]);
  }

  private stockTable(request: TableRequest, labels: Map<string, string[]>): CountTable {
    const facilityLabels = this.facilityLabels();
    const labelsFor = (dimension: string, seen: Iterable<string>): string[] => {
      const fixed = fixedLabels[dimension as StockDimension];
      if (fixed) return [...fixed];
      const all = new Set(seen);
      // Every registered facility is a row, held or not: an empty facility is a figure too.
      if (dimension === 'facility') for (const label of facilityLabels.values()) all.add(label);
      if (dimension === 'facility_type') for (const f of this.facilities.values()) all.add(f.kind);
      return [...all].sort();
    };
    const rowLabels = labels.get(request.rows)!;
    const columnLabels = labels.get(request.columns)!;
    const rows = labelsFor(request.rows, rowLabels);
    const columns = labelsFor(request.columns, columnLabels);
    return crossTab(request, rows, columns, rowLabels, columnLabels);
  }

  private flowTable(request: TableRequest, options: TableOptions, asOf: string | null): CountTable {
    const name = tableName(request);
    if (request.columns !== 'flow') {
      const columns = [...new Set([...this.repatriations.values()].flatMap((m) => [...m.keys()]))].sort();
      const months = monthsBetween([...this.flowCounts.keys()], asOf);
      const cells = months.map((m) => columns.map((c) => this.repatriations.get(m)?.get(c) ?? 0));
      return { name, row_dimension: request.rows, column_dimension: request.columns, rows: months, columns, cells };
    }
    const leftOut = new Set((options.notMeasured ?? []).filter((m) => m.table === name).map((m) => m.column));
    const columns = flowColumns.filter((c) => !leftOut.has(c));
    const held = columns.includes(heldWithoutValidOrder) ? this.heldWithoutValidOrder(options.clockRules) : new Map<string, number>();
    const months = monthsBetween([...this.flowCounts.keys(), ...held.keys()], asOf);
    const cells = months.map((m) => columns.map((c) => (c === heldWithoutValidOrder ? held.get(m) : this.flowCounts.get(m)?.get(c)) ?? 0));
    return { name, row_dimension: request.rows, column_dimension: request.columns, rows: months, columns, cells };
  }
}

/** Fold events, from the first, and read the tables at the end. */
export function figuresOf(events: Iterable<FoldedEvent>, requests: readonly TableRequest[], smallState: number): { tables: CountTable[]; as_of: string | null; measured_at: string | null; size: number } {
  const fold = new FiguresFold();
  for (const e of events) fold.apply(e);
  return { tables: fold.tables(requests, smallState), as_of: fold.asOf(), measured_at: fold.measuredAt(), size: fold.size };
}

/**
 * Each custody of a person, folded from their events by the clocks' own code: a new admission
 * after an exit starts a new custody, and the one before it is kept as it ended. With one
 * admission or none, the custody is folded at once (`personClocksFrom`, proved equal to the
 * event-by-event fold in person-clocks.test.ts).
 */
function custodiesOf(events: readonly RegisterEvent[], rules: ClockRules): PersonClocks[] {
  let admissions = 0;
  for (const event of events) if (event.kind === 'person.admitted') admissions++;
  if (admissions <= 1) {
    const clocks = personClocksFrom(events, rules);
    return clocks.history.custodyStart ? [clocks] : [];
  }
  const custodies: PersonClocks[] = [];
  let clocks = emptyPersonClocks;
  for (const event of events) {
    const next = applyRegisterEvent(clocks, event, rules);
    if (clocks.history.custodyStart && next.history.custodyStart?.ref !== clocks.history.custodyStart.ref) custodies.push(clocks);
    clocks = next;
  }
  if (clocks.history.custodyStart) custodies.push(clocks);
  return custodies;
}

/** A month as one number (12 · year + month − 1), for counting; `monthLabel` gives it back as YYYY-MM. */
function monthIndex(instant: number): number {
  const d = new Date(instant);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export function monthLabel(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first and last local calendar months (at `offsetMinutes` from UTC) that the open interval (from, to) overlaps; null when it is empty. */
export function monthSpan(from: number, to: number, offsetMinutes: number): { first: number; last: number } | null {
  if (!(to > from)) return null;
  const shift = offsetMinutes * 60_000;
  return { first: monthIndex(from + shift), last: monthIndex(to - 1 + shift) };
}

function ageGroup(dob: DateOfBirth | undefined, day: string): string {
  const age = dob ? youngestAgeOn(dob, day) : null;
  if (age === null) return 'unknown';
  return age >= 18 ? 'adult' : age < 5 ? 'under_5' : 'minor';
}

function bump(counts: Map<string, Map<string, number>>, key: string, column: string): void {
  let row = counts.get(key);
  if (!row) counts.set(key, (row = new Map()));
  row.set(column, (row.get(column) ?? 0) + 1);
}

/** Every month from the first with a flow to the month of `asOf`, gaps included. */
function monthsBetween(months: readonly string[], asOf: string | null): string[] {
  const valid = months.filter((m) => /^\d{4}-\d{2}$/.test(m)).sort();
  if (valid.length === 0) return [];
  const last = asOf && asOf.slice(0, 7) > valid[valid.length - 1]! ? asOf.slice(0, 7) : valid[valid.length - 1]!;
  const out: string[] = [];
  let [y, m] = valid[0]!.split('-').map(Number) as [number, number];
  for (;;) {
    const label = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    out.push(label);
    if (label >= last) return out;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

function crossTab(request: TableRequest, rows: string[], columns: string[], rowLabels: readonly string[], columnLabels: readonly string[]): CountTable {
  const r = new Map(rows.map((l, i) => [l, i]));
  const c = new Map(columns.map((l, i) => [l, i]));
  const cells = rows.map(() => columns.map(() => 0));
  for (let k = 0; k < rowLabels.length; k++) cells[r.get(rowLabels[k]!)!]![c.get(columnLabels[k]!)!]!++;
  return { name: tableName(request), row_dimension: request.rows, column_dimension: request.columns, rows, columns, cells };
}
