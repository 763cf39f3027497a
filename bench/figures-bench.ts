/**
 * Public figures (issue 17):
 *
 * - the monitor's recomputation: a synthetic log of N events (persons registered and admitted
 *   in 8 facilities, 42 nationalities, sexes and ages mixed; one in ten released, one in
 *   fifty handed over to a state), each as the canonical bytes of its envelope, read as a
 *   monitor reads its entries — parsed and folded (domain/figures.ts) — then the default
 *   tables read from the fold (with the month's persons held without a valid order: every
 *   person's legal clocks folded from their events and evaluated, the untried never brought
 *   before a judge in breach) and protected, once (domain/disclosure-control.ts), as the
 *   monitor recomputes them (transparency/figures-verify.ts); its comparison with the
 *   published tables is not measured. The bytes are made a chunk at a time, untimed; fetching
 *   them over HTTP is the monitor's run and is not counted here;
 * - how much the suppression hides on the demo register (seeded as `sijill serve --demo`
 *   seeds it, and its one publication): cells suppressed, and the share of the total count
 *   inside suppressed cells, per table.
 */
import { performance } from 'node:perf_hooks';
import { canonicalJsonBytes } from '../src/ledger/canonical-json.ts';
import { protectTables } from '../src/domain/disclosure-control.ts';
import { defaultTables, FiguresFold } from '../src/domain/figures.ts';
import { defaultParameters } from '../src/domain/figures-publication.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { publishedFiguresAt } from '../src/store/figures.ts';
import { suppressionShare } from './disclosure-bench.ts';

const states = 'IQ SY TR FR DE GB BE NL SE DK NO FI RU TJ UZ KZ KG AZ TN MA DZ EG LY SA JO LB YE SD SO ID MY PH PK AF IN US CA AU TT BA AL XK'.split(' ');
const facilities = Array.from({ length: 8 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);

/** The synthetic log's event `i`, as the envelope an entry carries (a person every two events). */
function envelope(i: number): object {
  const p = Math.floor(i / 2);
  const person = `10000000-0000-4000-8000-${String(p).padStart(12, '0')}`;
  const at = `2026-${String(1 + (p % 11)).padStart(2, '0')}-${String(1 + (p % 27)).padStart(2, '0')}T10:00:00+03:00`;
  if (i % 2 === 0) {
    return { kind: 'person.registered', person, prev: null, occurred_at: at, data: { sex: p % 7 === 0 ? 'female' : 'male', dob: { kind: 'year', year: 1960 + (p % 60) }, nationalities: [states[(p * 7) % states.length]!] } };
  }
  if (p % 10 === 9) return { kind: 'person.released', person, prev: { idx: i - 1 }, occurred_at: at, data: { from_facility_id: facilities[p % 8] } };
  if (p % 50 === 25) return { kind: 'person.handed_over', person, prev: { idx: i - 1 }, occurred_at: at, data: { from_facility_id: facilities[p % 8], to_state: states[(p * 7) % states.length] } };
  return { kind: 'person.admitted', person, prev: { idx: i - 1 }, occurred_at: at, data: { facility_id: facilities[p % 8], legal_status: p % 3 === 0 ? 'convicted' : 'untried' } };
}

export interface RecomputationFigures {
  readonly events: number;
  readonly foldSeconds: number;
  readonly protectSeconds: number;
}

/** The monitor's recomputation of the default tables at a log of `events` entries. */
export function measureRecomputation(events: number, log: (message: string) => void = () => {}): RecomputationFigures {
  const fold = new FiguresFold();
  for (let f = 0; f < 8; f++) fold.apply({ kind: 'facility.registered', person: null, occurred_at: '2025-12-31T10:00:00+03:00', data: { facility_id: facilities[f], name: `Facility ${f}`, kind: f < 6 ? 'prison' : 'camp' } });
  let folding = 0;
  const chunk = 20_000;
  for (let from = 0; from < events; from += chunk) {
    const bytes: Buffer[] = [];
    for (let i = from; i < Math.min(events, from + chunk); i++) bytes.push(canonicalJsonBytes(envelope(i)));
    const t0 = performance.now();
    for (const b of bytes) {
      const e = JSON.parse(b.toString('utf8')) as { kind: string; person: string | null; occurred_at: string; data: unknown };
      fold.apply({ kind: e.kind, person: e.person, occurred_at: e.occurred_at, data: e.data });
    }
    folding += performance.now() - t0;
    if ((from / chunk) % 10 === 0) log(`figures: folded ${Math.min(events, from + chunk).toLocaleString('en')} events`);
  }
  const t1 = performance.now();
  protectTables(fold.tables(defaultTables, defaultParameters.threshold), defaultParameters);
  return { events, foldSeconds: folding / 1000, protectSeconds: (performance.now() - t1) / 1000 };
}

export interface SuppressionFigures {
  readonly persons: number;
  readonly tables: readonly { name: string; cells: number; suppressed: number; total: number; hidden: number }[];
}

/** How much the demo register's publication suppresses: per table, cells suppressed and the count inside them (from the true counts). */
export async function measureDemoSuppression(persons: number): Promise<SuppressionFigures> {
  const db = await openPglite();
  try {
    await migrate(db);
    await seedDemo({ db }, persons);
    const publication = (await publishedFiguresAt(db, 1))!;
    // The true counts at the publication's size: the register's events folded up to it.
    const truth = new FiguresFold();
    const { rows } = await db.query<{ bytes: Uint8Array }>('SELECT bytes FROM event WHERE idx < $1 ORDER BY idx', [publication.record.log_size]);
    for (const r of rows) {
      const e = JSON.parse(Buffer.from(r.bytes).toString('utf8')) as { kind: string; person: string | null; occurred_at: string; data: unknown };
      truth.apply({ kind: e.kind, person: e.person, occurred_at: e.occurred_at, data: e.data });
    }
    const counts = truth.tables(publication.record.requests, publication.record.parameters.threshold);
    return {
      persons,
      tables: publication.record.tables.map((t, k) => {
        const share = suppressionShare([counts[k]!], [t], publication.record.parameters);
        return { name: t.name, cells: share.cells, suppressed: share.suppressed, total: share.countTotal, hidden: share.countHidden };
      }),
    };
  } finally {
    await db.close();
  }
}

export function figuresMarkdown(recomputation: RecomputationFigures, suppression: SuppressionFigures | null): string {
  const lines = [
    '## Public figures (issue 17)',
    '',
    `The monitor's recomputation of the default tables from ${recomputation.events.toLocaleString('en')} entries (parsed from their canonical bytes and folded): ` +
      `**${recomputation.foldSeconds.toFixed(1)} s**, then ${(recomputation.protectSeconds * 1000).toFixed(0)} ms to read the tables (persons held without a valid order by month included: each person's legal clocks folded from their events and evaluated) and protect them (target: ≤ 10 s at 1,000,000 events on top of the monitor's run; fetching the entries again over HTTP is not counted).`,
    '',
  ];
  if (suppression) {
    lines.push(`Suppression on the demo register (${suppression.persons.toLocaleString('en')} persons, its one publication: threshold ${defaultParameters.threshold}, rounding to ${defaultParameters.rounding}; disclosure control as merged at the time of measuring):`, '');
    lines.push('| table | cells | suppressed | persons counted | inside suppressed cells |', '| --- | ---: | ---: | ---: | ---: |');
    for (const t of suppression.tables) lines.push(`| ${t.name} | ${t.cells} | ${t.suppressed} | ${t.total} | ${t.total ? ((100 * t.hidden) / t.total).toFixed(1) : '0.0'} % |`);
    lines.push('');
  }
  return lines.join('\n');
}
