/**
 * The demo's cases before the courts, recorded through the ordinary write path as a court
 * clerk, a judge and a facility officer would: for each untried demo person, what their story
 * (demo-data.ts `courtStories`) says the courts have done — the first appearance, fifteen-day
 * detention orders renewed (or not, or late), a trial ending in a sentence, a segregation left
 * open — so that the legal clocks are found in every state on first start. Two of those whose
 * clocks run have a hearing with the court's holding facility: one was taken there this hour
 * (the docket shows them at court), the other's movement for tomorrow awaits approval.
 */
import { randomUUID } from 'node:crypto';
import { execute, type CommandContext, type CommandDefinition, type Register } from '../commands/execute.ts';
import { changeCaseStage } from '../commands/change-case-stage.ts';
import { openCase } from '../commands/open-case.ts';
import { recordAppearance } from '../commands/record-appearance.ts';
import { recordOrder } from '../commands/record-order.ts';
import { recordSegregation } from '../commands/record-segregation.ts';
import { recordSentence } from '../commands/record-sentence.ts';
import { recordVerdict } from '../commands/record-verdict.ts';
import { scheduleHearing } from '../commands/schedule-hearing.ts';
import { approveTransfer } from '../commands/approve-transfer.ts';
import { dispatchTransfer } from '../commands/dispatch-transfer.ts';
import { arriveAtStop } from '../commands/arrive-at-stop.ts';
import type { Role } from '../domain/permissions.ts';
import { baghdad, type DemoPlan } from './demo-data.ts';
import { demoActor, demoCourt } from './demo-accounts.ts';

const hour = 3_600_000;
const day = 24 * hour;
const court = demoCourt;
const judge = 'قاضي التحقيق (وهمي)';
const trialJudge = 'قاضي محكمة الجنايات (وهمي)';

/** Record the demo's court histories; returns how many commands were run. */
export async function seedDemoCases(register: Register, plan: DemoPlan, now: Date): Promise<number> {
  let commands = 0;
  const run = async <I, S, R>(command: CommandDefinition<I, S, R>, input: I, role: Role): Promise<R> => {
    const ctx: CommandContext = { actor: demoActor(role), role, idempotencyKey: randomUUID() };
    const outcome = await execute(register, command, input, ctx);
    commands++;
    if (!outcome.ok) throw new Error(`demo cases: ${command.kind} refused: ${JSON.stringify(outcome)}`);
    return outcome.response;
  };
  const at = (ms: number) => baghdad(new Date(ms));
  const holding = plan.facilities.find((f) => f.kind === 'court_holding');
  let productions = 0;
  for (const [n, person] of plan.untried.entries()) {
    if (person.story === 'awaiting_appearance') continue;
    const admitted = Date.parse(person.admitted_at);
    const charge = n % 3 === 0
      ? { law: 'قانون مكافحة الإرهاب رقم 13 لسنة 2005', article: '4', max_penalty: 'death' as const }
      : { law: 'قانون العقوبات رقم 111 لسنة 1969', article: '298', max_penalty: { years: 15 } };
    const opened = await run(openCase, { person_id: person.person_id, reference: `INV/2026/${String(n + 1).padStart(4, '0')}`, court, judge, prosecutor: 'المدعي العام (وهمي)', charges: [charge] }, 'court_clerk');
    const case_id = opened.case_id;
    const appearance = admitted + (person.story === 'late_appearance' ? 30 : 20) * hour;
    await run(recordAppearance, { case_id, at: at(appearance), judge }, 'court_clerk');
    let orders = 0;
    const order = (issued: number) =>
      run(recordOrder, { case_id, order: 'detention' as const, reference: `DO/2026/${String(n + 1).padStart(4, '0')}-${++orders}`, issued_at: at(issued), judge, days: 15 }, 'judge');
    // Renewals every 14 days while the story keeps them; the lapsed story has one order only,
    // the gap_closed story renews three days late once.
    const last = person.story === 'sentenced' ? admitted + 44 * day : now.getTime();
    for (let issued = appearance; issued <= last; issued += 14 * day) {
      if (person.story === 'gap_closed' && orders === 1) issued += 3 * day;
      if (issued > last) break;
      await order(issued);
      if (person.story === 'lapsed') break;
    }
    if (person.story === 'sentenced') {
      for (const stage of ['referred_to_trial', 'trial'] as const) await run(changeCaseStage, { case_id, stage }, 'court_clerk');
      const verdictAt = at(admitted + 45 * day);
      await run(recordVerdict, { case_id, at: verdictAt, outcome: 'convicted' as const, judge: trialJudge }, 'judge');
      await run(recordSentence, { case_id, at: verdictAt, sentence: { years: 5, months: 0 }, judge: trialJudge }, 'judge');
    }
    if (person.story === 'running' && holding && productions < 2) {
      const tomorrow = productions++ === 1;
      const hearing = await run(
        scheduleHearing,
        { case_id, at: at(now.getTime() + (tomorrow ? 26 : 3) * hour), purpose: 'النظر في تمديد التوقيف (وهمي)', holding_facility_id: holding.facility_id },
        'court_clerk',
      );
      const transfer_id = hearing.production_transfer_id;
      if (!tomorrow && transfer_id) {
        const { rows } = await register.db.query<{ register_number: string; category: string }>('SELECT register_number, category FROM person WHERE id = $1', [person.person_id]);
        const unit = holding.units.find((u) => u.category === rows[0]!.category) ?? holding.units[0]!;
        const moment = at(now.getTime());
        await run(approveTransfer, { transfer_id }, 'supervisor');
        await run(dispatchTransfer, { transfer_id, escort_authority: 'مفرزة حماية المحاكم (وهمية)', escort_commander: 'آمر المفرزة (وهمي)', releasing_official: 'مأمور السجن المناوب (وهمي)', occurred_at: moment }, 'facility_officer');
        await run(arriveAtStop, { transfer_id, counted: [{ register_number: rows[0]!.register_number, unit_id: unit.id }], receiving_official: 'ضابط موقف المحكمة (وهمي)', occurred_at: moment }, 'facility_officer');
      }
    }
    if (person.story === 'segregated') {
      await run(recordSegregation, { person_id: person.person_id, action: 'start' as const, at: at(now.getTime() - 17 * day), reason: 'حمايته من المحتجزين الآخرين (وهمي)', authorised_by: 'مدير السجن (وهمي)' }, 'facility_officer');
    }
  }
  return commands;
}
