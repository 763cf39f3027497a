/**
 * Issue 17 figures, the disclosure-control part: protecting and auditing the full set of
 * published tables of a synthetic register (src/domain/disclosure-control.ts), and how much
 * the suppression hides.
 *
 * The register: N persons held in 50 facilities of three types (sizes skewed, so a few are
 * small), of 42 nationalities (skewed: two thirds Iraqi, the rest spread down to a handful),
 * with sex, age group (adult, minor, child under 5), legal status, and one month of flows
 * (admissions, transfers, releases, repatriations by receiving state, deaths, escapes) over
 * the last 12 months. Nationalities with fewer than 50 persons held are grouped by region, as
 * the published tables group them. The tables are the ones issue 17 names; tables sharing a
 * dimension (facility, sex, age group, nationality, month) are linked, and protected and
 * audited jointly. Timed: cross-tabulation, protectTables and auditProtection, in process.
 */
import { performance } from 'node:perf_hooks';
import {
  auditProtection,
  defaultDisclosureParameters,
  protectTables,
  type CountTable,
  type DisclosureParameters,
  type ProtectedTable,
} from '../src/domain/disclosure-control.ts';
import { seededRandom } from '../src/demo/demo-data.ts';

/** An index drawn with weights proportional to 1 / (i + 1)^s. */
function zipf(n: number, s: number): (r: number) => number {
  const w = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = w.reduce((x, y) => x + y, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const x of w) cumulative.push((acc += x / total));
  return (r) => { let i = 0; while (i < n - 1 && cumulative[i]! < r) i++; return i; };
}

const regions = ['middle_east', 'north_africa', 'central_asia', 'europe', 'south_asia', 'other'];
const nationalities = Array.from({ length: 42 }, (_, i) => ({ code: `N${String(i).padStart(2, '0')}`, region: regions[i % regions.length]! }));
const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

interface Person { facility: number; nationality: number; sex: number; age: number; legal: number }

function cross<T>(name: string, rowDimension: string, columnDimension: string, rows: string[], columns: string[], items: readonly T[], at: (x: T) => [string, string]): CountTable {
  const ri = new Map(rows.map((r, i) => [r, i]));
  const ci = new Map(columns.map((c, i) => [c, i]));
  const cells = rows.map(() => columns.map(() => 0));
  for (const x of items) { const [r, c] = at(x); cells[ri.get(r)!]![ci.get(c)!]!++; }
  return { name, row_dimension: rowDimension, column_dimension: columnDimension, rows, columns, cells };
}

/** The published tables of a synthetic register of `persons` persons. */
export function syntheticTables(persons: number, seed = 17): CountTable[] {
  const r = seededRandom(seed);
  const facilityOf = zipf(50, 0.8);
  const nationalityOf = zipf(42, 1.6);
  const held: Person[] = Array.from({ length: persons }, () => ({
    facility: facilityOf(r()),
    nationality: nationalityOf(r()),
    sex: r() < 0.8 ? 0 : 1,
    age: r() < 0.9 ? 0 : r() < 0.8 ? 1 : 2,
    legal: r() < 0.6 ? 0 : r() < 0.7 ? 1 : 2,
  }));
  const facilities = Array.from({ length: 50 }, (_, i) => `F${String(i).padStart(2, '0')}`);
  const facilityType = (f: number) => ['prison', 'camp', 'police_station'][f % 3]!;
  const sexes = ['male', 'female'];
  const ages = ['adult', 'minor', 'child_under_5'];
  const legal = ['pre_trial', 'sentenced', 'not_charged'];
  // Nationalities with fewer than 50 persons held are grouped by region.
  const count = new Map<number, number>();
  for (const p of held) count.set(p.nationality, (count.get(p.nationality) ?? 0) + 1);
  const group = (n: number) => ((count.get(n) ?? 0) >= 50 ? nationalities[n]!.code : `region:${nationalities[n]!.region}`);
  const groups = [...new Set(nationalities.map((_, n) => group(n)))].sort();
  // Flows over 12 months, about 4% of the register a month.
  const flowKinds = ['admissions', 'transfers', 'releases', 'repatriations', 'deaths', 'escapes'];
  const flowOf = zipf(6, 1.2);
  const flows = Array.from({ length: Math.round(persons * 0.04 * 12) }, () => ({ month: months[Math.floor(r() * 12)]!, kind: flowKinds[flowOf(r())]!, state: nationalities[nationalityOf(r())]!.code }));
  const repatriations = flows.filter((f) => f.kind === 'repatriations');
  const receiving = [...new Set(repatriations.map((f) => f.state))].sort();
  return [
    cross('held_by_facility_and_sex', 'facility', 'sex', facilities, sexes, held, (p) => [facilities[p.facility]!, sexes[p.sex]!]),
    cross('held_by_facility_and_age_group', 'facility', 'age_group', facilities, ages, held, (p) => [facilities[p.facility]!, ages[p.age]!]),
    cross('held_by_facility_and_legal_status', 'facility', 'legal_status', facilities, legal, held, (p) => [facilities[p.facility]!, legal[p.legal]!]),
    cross('held_by_facility_type_and_sex', 'facility_type', 'sex', ['camp', 'police_station', 'prison'], sexes, held, (p) => [facilityType(p.facility), sexes[p.sex]!]),
    cross('held_by_nationality_and_sex', 'nationality', 'sex', groups, sexes, held, (p) => [group(p.nationality), sexes[p.sex]!]),
    cross('held_by_nationality_and_age_group', 'nationality', 'age_group', groups, ages, held, (p) => [group(p.nationality), ages[p.age]!]),
    cross('flows_by_month', 'month', 'flow', months, flowKinds, flows, (f) => [f.month, f.kind]),
    cross('repatriations_by_receiving_state_and_month', 'receiving_state', 'month', receiving, months, repatriations, (f) => [f.state, f.month]),
  ];
}

export interface SuppressionShare {
  readonly cells: number;
  readonly suppressed: number;
  readonly suppressedPrimary: number;
  readonly countTotal: number;
  readonly countHidden: number;
}

/**
 * How much a publication hides, over the interior cells of all tables: cells suppressed (and
 * how many of them for being 1..threshold or a forbidden zero), and the share of all counts
 * that lies inside suppressed cells.
 */
export function suppressionShare(tables: readonly CountTable[], published: readonly ProtectedTable[], p: DisclosureParameters): SuppressionShare {
  let cells = 0, suppressed = 0, suppressedPrimary = 0, countTotal = 0, countHidden = 0;
  tables.forEach((t, i) => t.cells.forEach((row, a) => row.forEach((v, b) => {
    cells++;
    countTotal += v;
    if (published[i]!.cells[a]![b] !== null) return;
    suppressed++;
    countHidden += v;
    if ((v >= 1 && v <= p.threshold) || (v === 0 && !p.publish_zeros)) suppressedPrimary++;
  })));
  return { cells, suppressed, suppressedPrimary, countTotal, countHidden };
}

export interface DisclosureFigures {
  readonly persons: number;
  readonly tables: number;
  readonly cells: number;
  readonly tabulateSeconds: number;
  readonly protectSeconds: number;
  readonly auditSeconds: number;
  /** CPU time of this process for protect + audit (the machine is shared: wall time moves with its load). */
  readonly cpuSeconds: number;
  readonly auditOk: boolean;
  readonly share: SuppressionShare;
}

export function measureDisclosure(persons: number, p: DisclosureParameters = defaultDisclosureParameters): DisclosureFigures {
  const t0 = performance.now();
  const tables = syntheticTables(persons);
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const published = protectTables(tables, p);
  const t2 = performance.now();
  const audit = auditProtection(tables, published, p);
  const t3 = performance.now();
  const used = process.cpuUsage(cpu);
  if (!audit.ok) throw new Error(`disclosure bench: the audit failed: ${audit.problems.slice(0, 5).join('; ')}`);
  const share = suppressionShare(tables, published, p);
  return {
    persons, tables: tables.length, cells: share.cells,
    tabulateSeconds: (t1 - t0) / 1000, protectSeconds: (t2 - t1) / 1000, auditSeconds: (t3 - t2) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    auditOk: audit.ok, share,
  };
}

const pct = (x: number, y: number) => (y === 0 ? '0' : ((100 * x) / y).toFixed(2));

export function disclosureBench(options: { log: (m: string) => void }): string {
  const p = defaultDisclosureParameters;
  const large = measureDisclosure(100_000, p);
  options.log('disclosure control: 100,000 persons measured');
  const small = measureDisclosure(10_000, p);
  options.log('disclosure control: 10,000 persons measured');
  const row = (f: DisclosureFigures) => `| ${f.persons.toLocaleString('en')} | ${f.tables} | ${f.cells} | ${f.protectSeconds.toFixed(2)} s | ${f.auditSeconds.toFixed(2)} s | **${(f.protectSeconds + f.auditSeconds).toFixed(2)} s** | ${f.cpuSeconds.toFixed(2)} s | ${f.share.suppressed} (${f.share.suppressedPrimary} primary) | ${pct(f.share.countHidden, f.share.countTotal)} % |`;
  return `## Published figures: disclosure control (issue 17)

Synthetic registers (bench/disclosure-bench.ts): 50 facilities of three types, 42
nationalities (small ones grouped by region), sex, age group, legal status, 12 months of
flows; eight linked tables (facility x sex, x age group, x legal status; facility type x
sex; nationality x sex, x age group; month x flow; receiving state x month). Threshold
${p.threshold}, no rounding, zeros published. Protection (primary and secondary suppression of
cells and margins over the linked tables) and the exact audit (every suppressed cell's interval
of consistent values computed exactly), in process; the cross-tabulation itself is not
included. Goal: protect and audit all tables for 100,000 persons ≤ 5 s.

| persons | tables | interior cells | protect | audit | protect + audit | CPU time of protect + audit | cells suppressed | share of the count in suppressed cells |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${row(large)}
${row(small)}

The share is the sum of the true counts in suppressed interior cells over the sum of all
interior counts of all tables. The demo register's figure is measured with the tables built
from the register.
`;
}
