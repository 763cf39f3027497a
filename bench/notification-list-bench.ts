/**
 * Issue 16 figure: a notification list of a facility of 5,000 for a month, on the route users
 * take — POST /api/notification-lists (draw up the list: the window of the log since the body's
 * previous list) and POST /api/notification-lists/:id/exports?format=xlsx (the export logged,
 * the persons listed audited, the file written), as an officer logged in over HTTP (inject).
 * The month: 5,000 persons admitted to the facility through intake batches, then releases.
 * Goal: ≤ 2 s.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute, type CommandDefinition } from '../src/commands/execute.ts';
import { intakeBatch } from '../src/commands/intake-batch.ts';
import { recordExit } from '../src/commands/record-exit.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerVisitingBody } from '../src/commands/register-visiting-body.ts';
import { demoPlan } from '../src/demo/demo-data.ts';
import type { Database } from '../src/store/database.ts';

export interface NotificationListFigures {
  readonly backend: string;
  readonly persons: number;
  readonly releases: number;
  readonly rows: number;
  readonly setupSeconds: number;
  readonly drawUpSeconds: number;
  readonly xlsxSeconds: number;
  readonly xlsxBytes: number;
  readonly csvSeconds: number;
}

async function run<I, S, R>(db: Database, command: CommandDefinition<I, S, R>, input: I): Promise<R> {
  const outcome = await execute({ db }, command, input, { actor: 'supervisor.bench', role: 'supervisor', idempotencyKey: randomUUID() });
  if (!outcome.ok) throw new Error(`${command.kind}: ${JSON.stringify(outcome.rejection)}`);
  return outcome.response;
}

const seconds = (started: number) => (performance.now() - started) / 1000;

/** Measure on one freshly migrated, empty database. */
export async function measureNotificationList(db: Database, backend: string, persons = 5_000, releases = 250): Promise<NotificationListFigures> {
  const plan = demoPlan(Math.ceil(persons * 2.2), 77, undefined, { courts: false });
  const [prison] = plan.facilities;
  const big = { ...prison!, capacity: Object.fromEntries(Object.keys(prison!.capacity).map((k) => [k, persons * 2])) };
  const held = plan.batches.flat().filter((r) => r.admission.facility_id === big.facility_id).slice(0, persons);
  if (held.length < persons) throw new Error(`the plan holds only ${held.length} persons at the prison`);
  const setupStarted = performance.now();
  await run(db, registerFacility, big);
  for (let i = 0; i < held.length; i += 1000) await run(db, intakeBatch, { rows: held.slice(i, i + 1000) });
  for (const row of held.slice(0, releases)) {
    await run(db, recordExit, {
      person_id: row.person.person_id,
      kind: 'person.released',
      occurred_at: '2026-09-30T10:00:00+03:00',
      details: { order_reference: 'BENCH-R', verified_by: 'Officer Bench', released_to: 'family' },
    } as never);
  }
  const { body_id } = await run(db, registerVisitingBody, { name: 'ICRC', kind: 'icrc', accredited_by: 'Ministry of Justice', accreditation_reference: 'MoU bench' });
  const setupSeconds = seconds(setupStarted);

  const app = buildApp({ db, passwordCost: { memoryCost: 64, timeCost: 1, parallelism: 1 } });
  try {
    await app.ready();
    await createAccount(db, { scope: wholeRegister, username: 'officer.bench', displayName: 'Officer Bench', role: 'facility_officer', password: 'bench password long' }, { cost: { memoryCost: 64, timeCost: 1, parallelism: 1 } });
    const session = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'officer.bench', password: 'bench password long' } });
    const cookie = String(session.headers['set-cookie']).split(';')[0]!;
    const post = (url: string, payload?: object) => app.inject({ method: 'POST', url, headers: { cookie, 'idempotency-key': randomUUID() }, ...(payload ? { payload } : {}) });

    let started = performance.now();
    const drawn = await post('/api/notification-lists', { body_id, facility_id: big.facility_id });
    const drawUpSeconds = seconds(started);
    if (drawn.statusCode !== 201) throw new Error(`draw up: ${drawn.statusCode} ${drawn.body}`);
    const { list_id } = drawn.json() as { list_id: string };
    started = performance.now();
    const xlsx = await post(`/api/notification-lists/${list_id}/exports?format=xlsx`);
    const xlsxSeconds = seconds(started);
    if (xlsx.statusCode !== 200) throw new Error(`xlsx: ${xlsx.statusCode} ${xlsx.body}`);
    started = performance.now();
    const csv = await post(`/api/notification-lists/${list_id}/exports?format=csv`);
    const csvSeconds = seconds(started);
    if (csv.statusCode !== 200) throw new Error(`csv: ${csv.statusCode}`);
    const rows = csv.body.trimEnd().split('\r\n').length - 1;
    return { backend, persons, releases, rows, setupSeconds, drawUpSeconds, xlsxSeconds, xlsxBytes: xlsx.rawPayload.length, csvSeconds };
  } finally {
    await app.close();
  }
}

const s = (x: number) => `${x.toFixed(2)} s`;

export function notificationListMarkdown(figures: readonly NotificationListFigures[]): string {
  const rows = figures.map(
    (f) =>
      `| ${f.backend} | ${f.persons.toLocaleString('en')} + ${f.releases} released | ${f.rows.toLocaleString('en')} | ${s(f.drawUpSeconds)} | ${s(f.xlsxSeconds)} (${Math.round(f.xlsxBytes / 1024)} KiB) | **${s(f.drawUpSeconds + f.xlsxSeconds)}** | ${s(f.csvSeconds)} |`,
  );
  return `## Notification lists (issue 16)

A month of a facility of 5,000 for a visiting body: 5,000 persons admitted through intake
batches and some released, then, over HTTP as a logged-in officer, the list drawn up
(POST /api/notification-lists: the window of the log since the body's previous list) and
exported as XLSX (POST …/exports?format=xlsx: the export logged as an event, the persons listed
audited, the workbook written); a CSV export of the same list after it.

| backend | the month | rows | draw up | XLSX export | draw up + XLSX | CSV export |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Goal: ≤ 2 s for a facility of 5,000 and a month.
`;
}
