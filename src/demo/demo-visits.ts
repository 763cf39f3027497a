/**
 * The demo's independent visits: the ICRC, accredited by the Ministry of Justice, with a visit
 * open at the first facility of the plan from an hour before the register was loaded for a
 * week; the demo account `visitor-icrc` is bound to it, so it sees that facility's register
 * during the visit, and nothing else.
 */
import { randomUUID } from 'node:crypto';
import { execute, type CommandContext, type Register } from '../commands/execute.ts';
import { openVisit } from '../commands/open-visit.ts';
import { registerVisitingBody } from '../commands/register-visiting-body.ts';
import type { Queryable } from '../store/database.ts';
import { bindAccountToBody } from '../store/visits.ts';
import { demoActor } from './demo-accounts.ts';

/** The demo's visiting body and its open visit at `facilityId`. */
export async function seedDemoVisits(register: Register, facilityId: string, now: Date): Promise<void> {
  const ctx = (): CommandContext => ({ actor: demoActor('supervisor'), role: 'supervisor', idempotencyKey: randomUUID() });
  const body = await execute(register, registerVisitingBody, { name: 'اللجنة الدولية للصليب الأحمر — بعثة بغداد', kind: 'icrc', accredited_by: 'وزارة العدل', accreditation_reference: 'مذكرة تفاهم ٢٠٢٦/٣ (وهمية)' }, ctx());
  if (!body.ok) throw new Error(`demo seed: visiting body refused: ${JSON.stringify(body.rejection)}`);
  const visit = await execute(
    register,
    openVisit,
    { body_id: body.response.body_id, facility_id: facilityId, starts_at: new Date(now.getTime() - 3_600_000).toISOString(), ends_at: new Date(now.getTime() + 7 * 24 * 3_600_000).toISOString() },
    ctx(),
  );
  if (!visit.ok) throw new Error(`demo seed: visit refused: ${JSON.stringify(visit.rejection)}`);
}

/** Bind the demo's visitor accounts to the demo's ICRC delegation (when both exist). */
export async function bindDemoVisitors(q: Queryable): Promise<void> {
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM visiting_body WHERE kind = 'icrc' ORDER BY registered_idx LIMIT 1`);
  const { rows: accounts } = await q.query<{ id: string }>(`SELECT id FROM account WHERE username = 'visitor-icrc' AND visiting_body_id IS NULL`);
  if (rows[0] && accounts[0]) await bindAccountToBody(q, accounts[0].id, rows[0].id);
}
