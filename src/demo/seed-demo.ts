/** Load the demo plan into an empty register through the ordinary write path. */
import { randomUUID } from 'node:crypto';
import { execute, type CommandContext, type Register } from '../commands/execute.ts';
import { intakeBatch } from '../commands/intake-batch.ts';
import { recordExit } from '../commands/record-exit.ts';
import { registerFacility } from '../commands/register-facility.ts';
import { demoPlan } from './demo-data.ts';
import { seedDemoCases } from './demo-cases.ts';
import { seedDemoRepatriations } from './demo-repatriations.ts';
import { seedDemoComplaints } from './demo-complaints.ts';
import { seedDemoDisciplinaryRules } from './demo-disciplinary-rules.ts';
import { completeDemoTasks } from './demo-tasks.ts';
import { demoActor } from './demo-accounts.ts';
import { seedDemoVisits } from './demo-visits.ts';
import { prepareFigures } from '../commands/prepare-figures.ts';
import { approveFigures } from '../commands/approve-figures.ts';

/** The states persons are handed over to, named in Arabic as the clerks write them. */
const stateNames = new Intl.DisplayNames(['ar'], { type: 'region', fallback: 'none' });

export interface SeedReport {
  readonly seeded: boolean;
  readonly persons: number;
  readonly facilities: number;
}

/** Seed the demo register unless the log already holds events. */
export async function seedDemo(register: Register, persons = 2000, progress?: (done: number, total: number) => void): Promise<SeedReport> {
  const { rows } = await register.db.query<{ size: number }>('SELECT size FROM log_head');
  if (rows[0]!.size > 0) return { seeded: false, persons: 0, facilities: 0 };
  const now = new Date();
  const plan = demoPlan(persons, 2026, now);
  // What the gates and the supervisor did is recorded under the demo supervisor's account.
  const ctx = (): CommandContext => ({ actor: demoActor('supervisor'), role: 'supervisor', idempotencyKey: randomUUID() });
  const must = (outcome: { ok: boolean }, what: string) => {
    if (!outcome.ok) throw new Error(`demo seed: ${what} refused: ${JSON.stringify(outcome)}`);
  };
  // The facilities are registered the day before the first arrival.
  const opened = new Date(Date.parse(plan.arrivals[0]?.at ?? now.toISOString()) - 24 * 3_600_000);
  for (const facility of plan.facilities) must(await execute({ ...register, clock: () => opened }, registerFacility, facility, ctx()), 'facility');
  await seedDemoDisciplinaryRules(register, plan.facilities, opened);
  // Each arrival is registered and admitted at its own time, as the gate would have recorded
  // it then: a register's clock reads that moment, so nobody is admitted before being registered.
  let done = 0;
  for (const arrival of plan.arrivals) {
    const then = new Date(arrival.at);
    must(await execute({ ...register, clock: () => then }, intakeBatch, { rows: arrival.rows }, ctx()), 'intake');
    done += arrival.rows.length;
    progress?.(done, persons);
  }
  const at = '2026-10-01T10:00:00+03:00';
  for (const person_id of plan.releases) {
    must(await execute(register, recordExit, { person_id, kind: 'person.released', occurred_at: at, details: { order_reference: 'أمر إطلاق سراح (وهمي)', verified_by: 'المشرف المناوب (وهمي)', released_to: 'العائلة، حضوريًا' } }, ctx()), 'release');
  }
  for (const { person_id, to_state } of plan.handovers) {
    must(await execute(register, recordExit, { person_id, kind: 'person.handed_over', occurred_at: at, details: { to_state, receiving_authority: `وفد سلطات ${stateNames.of(to_state) ?? to_state} (وهمي)`, receipt_reference: `RCPT-${to_state}-2026` } }, ctx()), 'handover');
  }
  await seedDemoCases(register, plan, now);
  await seedDemoRepatriations(register);
  await seedDemoComplaints(register, plan, now);
  await completeDemoTasks(register, now);
  await seedDemoVisits(register, plan.facilities[0]!.facility_id, now);
  // One publication of the figures (issue 17): prepared by the supervisor, approved by the deputy.
  const publication_id = randomUUID();
  must(await execute(register, prepareFigures, { publication_id }, ctx()), 'figures');
  must(await execute(register, approveFigures, { publication_id }, { actor: 'deputy', role: 'supervisor', idempotencyKey: randomUUID() }), 'figures approval');
  return { seeded: true, persons, facilities: plan.facilities.length };
}
