/**
 * Issue 5 figure: the roll call of a facility holding 10,000 persons, through the write path
 * — single scans, the count of a scanner's whole upload in one command, reconciliation with
 * the register, the daily report (with its not-seen section), resolution of each discrepancy
 * and sign-off. Goal: reconcile and report in ≤ 1 s.
 */
import { randomUUID } from 'node:crypto';
import { execute, type CommandDefinition } from '../src/commands/execute.ts';
import { intakeBatch } from '../src/commands/intake-batch.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { openRollCall } from '../src/commands/open-roll-call.ts';
import { countRollCall } from '../src/commands/count-roll-call.ts';
import { reconcileRollCall } from '../src/commands/reconcile-roll-call.ts';
import { resolveRollCallDiscrepancy } from '../src/commands/resolve-roll-call-discrepancy.ts';
import { signOffRollCall } from '../src/commands/sign-off-roll-call.ts';
import { demoPlan } from '../src/demo/demo-data.ts';
import { rollCallReport } from '../src/queries/roll-call-report.ts';
import type { Database } from '../src/store/database.ts';

export interface RollCallFigures {
  readonly backend: string;
  readonly persons: number;
  readonly setupSeconds: number;
  readonly singleScans: number;
  readonly singleScanMs: number;
  readonly batchNumbers: number;
  readonly batchSeconds: number;
  readonly reconcileSeconds: number;
  readonly reportSeconds: number;
  readonly discrepancies: number;
  readonly signOffSeconds: number;
}

const missing = 7;
const fromElsewhere = 3;
const onNobodysRecord = ['0000-0001-1', '0000-0002-2'];
const singleScans = 100;

async function run<I, S, R>(db: Database, command: CommandDefinition<I, S, R>, input: I, actor = 'officer.bench'): Promise<R> {
  const outcome = await execute({ db }, command, input, { actor, role: actor.startsWith('supervisor') ? 'supervisor' : 'facility_officer', idempotencyKey: randomUUID() });
  if (!outcome.ok) throw new Error(`${command.kind}: ${JSON.stringify(outcome.rejection)}`);
  return outcome.response;
}

const seconds = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
};

/** Measure on one freshly migrated, empty database. */
export async function measureRollCall(db: Database, backend: string, persons = 10_000): Promise<RollCallFigures> {
  // The demo's prison and detention centre, made large enough; only their men's rows are used.
  const plan = demoPlan(Math.ceil(persons * 2.2), 55, undefined, { courts: false });
  const [prison, centre] = plan.facilities;
  const big = { ...prison!, capacity: { ...prison!.capacity, men_untried: persons * 2 } };
  const rows = plan.batches.flat();
  const held = rows.filter((r) => r.admission.facility_id === big.facility_id && big.units.find((u) => u.id === r.admission.unit_id)?.category === 'men_untried').slice(0, persons);
  const elsewhere = rows.filter((r) => r.admission.facility_id === centre!.facility_id && r.person.sex === 'male').slice(0, fromElsewhere);
  if (held.length < persons) throw new Error(`the plan holds only ${held.length} men at the prison`);
  const setupSeconds = await seconds(async () => {
    await run(db, registerFacility, big, 'supervisor.bench');
    await run(db, registerFacility, centre!, 'supervisor.bench');
    const all = [...held, ...elsewhere];
    for (let i = 0; i < all.length; i += 1000) await run(db, intakeBatch, { rows: all.slice(i, i + 1000) }, 'supervisor.bench');
  });

  const roll_call_id = randomUUID();
  await run(db, openRollCall, { roll_call_id, facility_id: big.facility_id });
  const numbers = held.map((r) => r.person.register_number);
  // Officers at a gate: one scan per command.
  const singles = await seconds(async () => {
    for (const number of numbers.slice(0, singleScans)) await run(db, countRollCall, { roll_call_id, register_numbers: [number] });
  });
  // The scanner's upload: everyone but a few (those 100 again among them, counted once), plus three
  // persons the register holds elsewhere and two numbers on nobody's record.
  const batch = [...numbers.slice(0, persons - missing), ...elsewhere.map((r) => r.person.register_number), ...onNobodysRecord];
  const batchSeconds = await seconds(() => run(db, countRollCall, { roll_call_id, register_numbers: batch }, 'officer.scanner'));
  let discrepancies: { discrepancy_id: string }[] = [];
  const reconcileSeconds = await seconds(async () => {
    discrepancies = [...(await run(db, reconcileRollCall, { roll_call_id })).discrepancies];
  });
  const expected = missing + fromElsewhere + onNobodysRecord.length;
  if (discrepancies.length !== expected) throw new Error(`expected ${expected} discrepancies, found ${discrepancies.length}`);
  const reportSeconds = await seconds(async () => {
    const report = await rollCallReport(db, { facility_id: big.facility_id, not_seen_days: 3, now: new Date() });
    if (report.register_roll.in_custody !== persons) throw new Error(`the report holds ${report.register_roll.in_custody} persons`);
  });
  const signOffSeconds = await seconds(async () => {
    for (const d of discrepancies) await run(db, resolveRollCallDiscrepancy, { roll_call_id, discrepancy_id: d.discrepancy_id, reason: 'found: at the clinic (fictional)' });
    await run(db, signOffRollCall, { roll_call_id }, 'supervisor.bench');
  });
  return { backend, persons, setupSeconds, singleScans, singleScanMs: (singles * 1000) / singleScans, batchNumbers: batch.length, batchSeconds, reconcileSeconds, reportSeconds, discrepancies: discrepancies.length, signOffSeconds };
}

const s = (x: number) => `${x.toFixed(2)} s`;

/** The markdown section for figures measured on one or more backends. */
export function rollCallMarkdown(figures: readonly RollCallFigures[]): string {
  const rows = figures.map(
    (f) =>
      `| ${f.backend} | ${f.persons.toLocaleString('en')} | ${f.singleScanMs.toFixed(1)} ms | ${f.batchNumbers.toLocaleString('en')} in ${s(f.batchSeconds)} | ${s(f.reconcileSeconds)} | ${s(f.reportSeconds)} | **${s(f.reconcileSeconds + f.reportSeconds)}** | ${f.discrepancies} + sign-off in ${s(f.signOffSeconds)} |`,
  );
  return `## Roll calls (issue 5)

A roll call of one facility holding the given number of persons (admitted through intake
batches first), through the write path. Officers scan ${singleScans} wristbands one command each
(mean per scan); then a scanner uploads every number but ${missing} in one count command — the
${singleScans} again among them, counted once — with ${fromElsewhere} persons the register holds in
another facility and ${onNobodysRecord.length} numbers on nobody's record. Reconciliation reads who the
register holds there and finds the ${missing + fromElsewhere + onNobodysRecord.length} discrepancies; the report is the daily report with its
not-seen section (every person in custody there, last count against arrival); each
discrepancy is then resolved with a reason and the roll call signed off by a supervisor.

| backend | persons | single scan | count batch | reconcile | report | reconcile + report | resolve + sign off |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Goal: reconcile and report ≤ 1 s for 10,000 persons.
`;
}

/** Measure one backend and give its markdown section. */
export async function rollCallBench(db: Database, persons = 10_000): Promise<string> {
  const backend =
    db.kind === 'pglite' ? 'PGlite 0.5.14 (in-process)' : `PostgreSQL ${(await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v} (127.0.0.1)`;
  return rollCallMarkdown([await measureRollCall(db, backend, persons)]);
}
