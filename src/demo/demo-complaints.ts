/**
 * The demo's complaints (issue 16), through the ordinary write path: a relative's complaint
 * about family contact, waiting for its answer, and an allegation of ill-treatment heard by a
 * facility officer, referred to the independent authority and not yet taken up (its
 * escalation clock running), so both show on first start; and a confidential complaint made to the
 * independent authority itself (MR56(3)), whose words only that authority reads.
 */
import { randomUUID } from 'node:crypto';
import { execute, type Register } from '../commands/execute.ts';
import { lodgeComplaint } from '../commands/lodge-complaint.ts';
import { recordAllegation } from '../commands/record-allegation.ts';
import { baghdad, type DemoPlan } from './demo-data.ts';
import { demoActor } from './demo-accounts.ts';

const hour = 3_600_000;

export async function seedDemoComplaints(register: Register, plan: DemoPlan, now: Date): Promise<void> {
  const [first, second] = plan.untried;
  if (!first || !second) return;
  const ctx = () => ({ actor: demoActor('facility_officer'), role: 'facility_officer' as const, idempotencyKey: randomUUID() });
  const complaint = await execute(
    register,
    lodgeComplaint,
    {
      person_id: first.person_id,
      nature: 'complaint',
      complainant: 'relative',
      complainant_name: 'شقيق المحتجز (وهمي)',
      subject: 'contact_with_family',
      text: 'لم يُسمح للعائلة بزيارته منذ ستة أسابيع (وهمي)',
      received_at: baghdad(new Date(now.getTime() - 30 * hour)),
    },
    ctx(),
  );
  if (!complaint.ok) throw new Error(`demo complaints: complaint refused: ${JSON.stringify(complaint)}`);
  const allegation = await execute(
    register,
    recordAllegation,
    { person_id: second.person_id, heard_from: 'detainee', account: 'قال إنه ضُرب أثناء التحقيق ليلة القبض عليه (وهمي)', heard_at: baghdad(new Date(now.getTime() - 3 * hour)) },
    ctx(),
  );
  if (!allegation.ok) throw new Error(`demo complaints: allegation refused: ${JSON.stringify(allegation)}`);
  const confidential = await execute(
    register,
    lodgeComplaint,
    {
      person_id: second.person_id,
      nature: 'complaint',
      complainant: 'detainee',
      subject: 'treatment_by_staff',
      text: 'يخشى أن يشكو علنًا من معاملة حارس في القاطع (وهمي)',
      received_at: baghdad(new Date(now.getTime() - 5 * hour)),
      confidential: true,
    },
    { actor: demoActor('oversight'), role: 'oversight', idempotencyKey: randomUUID() },
  );
  if (!confidential.ok) throw new Error(`demo complaints: confidential complaint refused: ${JSON.stringify(confidential)}`);
}
