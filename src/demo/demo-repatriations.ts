/**
 * The demo's repatriation desk (issue 15), recorded through the ordinary write path: the
 * profiles of France (no death penalty, notification on request), Tunisia (death penalty,
 * notification mandatory) and Germany, and for nationals of each still held, cases in every
 * state of the machine — from identified to closed, a request left unanswered past its reminder,
 * another past its escalation, returns made by a transfer to the state with their contacts after
 * the return (one overdue, one made, one waived at closing), a mother and her child as a family
 * group, and an unaccompanied child — so that the liaison accounts (liaison-fra, liaison-tun) each
 * see their own state's cases only, and of their nationals what each state's data-sharing policy
 * allows (France more, Tunisia less), and the dashboard and the states desk have something to show.
 *
 * Each step is recorded at its own instant, the register's clock set to it, days before the demo's
 * `now`: a contact falls due before the demo starts only if its decision was taken before it.
 * About a hundred commands: the demo's start stays within its goal.
 */
import { randomUUID } from 'node:crypto';
import { execute, type CommandContext, type CommandDefinition, type Register } from '../commands/execute.ts';
import { assessRepatriationSafeguards } from '../commands/assess-repatriation-safeguards.ts';
import { approveTransfer } from '../commands/approve-transfer.ts';
import { checkInPerson } from '../commands/check-in-person.ts';
import { closeRepatriation } from '../commands/close-repatriation.ts';
import { confirmNationality } from '../commands/confirm-nationality.ts';
import { createTransfer } from '../commands/create-transfer.ts';
import { decideRepatriationCase } from '../commands/decide-repatriation.ts';
import { dispatchTransfer } from '../commands/dispatch-transfer.ts';
import { openRepatriation } from '../commands/open-repatriation.ts';
import { recordAcceptanceWithdrawal } from '../commands/record-acceptance-withdrawal.ts';
import { recordBestInterests } from '../commands/record-best-interests.ts';
import { recordRepatriationFamily } from '../commands/record-repatriation-family.ts';
import { recordRepatriationFollowUp } from '../commands/record-repatriation-follow-up.ts';
import { recordReturnRefusal } from '../commands/record-return-refusal.ts';
import { recordStateAnswer } from '../commands/record-state-answer.ts';
import { recordStateProfile } from '../commands/record-state-profile.ts';
import { reviewRepatriation } from '../commands/review-repatriation.ts';
import { sendRepatriationReminder } from '../commands/send-repatriation-reminder.ts';
import { sendRepatriationRequest } from '../commands/send-repatriation-request.ts';
import type { Role } from '../domain/permissions.ts';
import type { Person } from '../domain/person.ts';
import { isMinorOn } from '../domain/repatriation-family.ts';
import type { DateOfBirth } from '../domain/values.ts';
import { demoActor } from './demo-accounts.ts';
import { baghdad } from './demo-data.ts';
import { registerDay } from '../store/clock-projection.ts';

const day = 86_400_000;

/**
 * The stories of the adults' cases, each named after the state it leaves its case in — but
 * `reminder_due` (a request sent, past its reminder) and `escalation_due` (no answer, reminded
 * late, past its escalation) — and how far along the way each goes before it turns: 1 the
 * request, 2 the answer, 3 the nationality, 4 the assessment, 5 the review, 6 the approval.
 */
const reach = {
  identified: 0,
  request_sent: 1,
  reminder_due: 1,
  escalation_due: 1,
  declined: 2,
  verification_requested: 2,
  accepted: 2,
  acceptance_withdrawn: 2,
  person_refused: 1,
  nationality_confirmed: 3,
  safeguards_assessed: 4,
  reviewed: 5,
  refused: 5,
  suspended: 5,
  approved: 6,
  returned: 6,
  followed_up: 6,
  closed: 6,
} as const;

/** What each adult's case shows, and of which state: every state of the machine, spread so that few nationals of each are needed. */
const stories: readonly { readonly state: string; readonly story: keyof typeof reach }[] = [
  { state: 'FR', story: 'identified' },
  { state: 'FR', story: 'reminder_due' },
  { state: 'FR', story: 'accepted' },
  { state: 'FR', story: 'person_refused' },
  { state: 'FR', story: 'returned' },
  { state: 'TN', story: 'request_sent' },
  { state: 'TN', story: 'escalation_due' },
  { state: 'TN', story: 'verification_requested' },
  { state: 'TN', story: 'acceptance_withdrawn' },
  { state: 'TN', story: 'safeguards_assessed' },
  { state: 'TN', story: 'approved' },
  { state: 'TN', story: 'suspended' },
  { state: 'TN', story: 'followed_up' },
  { state: 'DE', story: 'declined' },
  { state: 'DE', story: 'nationality_confirmed' },
  { state: 'DE', story: 'reviewed' },
  { state: 'DE', story: 'refused' },
  { state: 'DE', story: 'closed' },
];

const liaisonOf: Readonly<Record<string, string>> = { FR: 'liaison-fra', TN: 'liaison-tun' };
const risk = { finding: 'no_real_risk' as const, reasoning: 'تقارير قطرية حديثة وحالة الشخص (وهمي)' };

interface Candidate {
  readonly id: string;
  readonly register_number: string;
  readonly state: string;
  readonly sex: string;
  readonly dob: DateOfBirth | null;
  readonly facility_id: string;
  readonly legal_status: string;
}

/** Record the demo's states and repatriation cases; returns how many cases were opened. */
export async function seedDemoRepatriations(register: Register): Promise<number> {
  const now = register.clock?.() ?? new Date();
  const ago = (days: number, hours = 10) => baghdad(new Date(now.getTime() - days * day + (hours - 10) * 3_600_000));
  /** A command recorded as at `at`: the register's clock reads that moment. */
  const run = async <I, S, R>(command: CommandDefinition<I, S, R>, input: I, at: string, role: Role, actor = demoActor(role)): Promise<R> => {
    const ctx: CommandContext = { actor, role, idempotencyKey: randomUUID() };
    const outcome = await execute({ ...register, clock: () => new Date(Date.parse(at) + 60_000) }, command, input, ctx);
    if (!outcome.ok) throw new Error(`demo repatriations: ${command.kind} refused: ${JSON.stringify(outcome)}`);
    return outcome.response;
  };
  const states = [
    { state: 'FR', consular_notification: 'on_request' as const, applies_death_penalty: false, liaison_contacts: [{ name: 'ضابط ارتباط السفارة الفرنسية (وهمي)', post: 'السفارة الفرنسية في بغداد، القسم القنصلي (وهمي)', contact: '+964 700 000 0101' }], sharing_policy: { fields: ['names', 'date_of_birth', 'sex', 'nationalities', 'custody_status', 'case_stage'] as const, legal_basis: 'مذكرة تفاهم بشأن إعادة الرعايا، المادة 4 (وهمية)' } },
    { state: 'TN', consular_notification: 'mandatory' as const, applies_death_penalty: true, liaison_contacts: [{ name: 'ضابط ارتباط السفارة التونسية (وهمي)', post: 'السفارة التونسية في بغداد (وهمي)', contact: '+964 700 000 0102' }], sharing_policy: { fields: ['names', 'date_of_birth', 'case_stage'] as const, legal_basis: 'اتفاقية فيينا للعلاقات القنصلية، المادة 36 (وهمي)' } },
    { state: 'DE', consular_notification: 'on_request' as const, applies_death_penalty: false, liaison_contacts: [{ name: 'الملحق القنصلي الألماني (وهمي)', post: 'السفارة الألمانية في بغداد (وهمي)', contact: '+964 700 000 0103' }] },
  ];
  for (const profile of states) await run(recordStateProfile, profile, ago(90), 'supervisor');

  // Nationals held since before the desk's first step, with no case before a court (which would block their travel).
  const today = registerDay(now);
  const { rows } = await register.db.query<Candidate>(
    `SELECT id, register_number, nationalities[1] AS state, sex, dob, facility_id, legal_status FROM person
      WHERE custody_status = 'in_custody' AND nationalities[1] = ANY($1) AND custody_since < $2
        AND NOT EXISTS (SELECT 1 FROM court_case c WHERE c.person_id = person.id) ORDER BY register_number`,
    [states.map((s) => s.state), ago(100)],
  );
  const minor = (p: Candidate) => isMinorOn({ details: { dob: p.dob } } as Pick<Person, 'details'>, today);
  const taken = new Set<string>();
  const take = (state: string, fits: (p: Candidate) => boolean) => {
    const found = rows.find((p) => p.state === state && !taken.has(p.id) && fits(p));
    if (found) taken.add(found.id);
    return found ?? null;
  };
  // Adults held on a charge or a conviction: the camps' families are the family group's.
  const adultDetainee = (p: Candidate) => !minor(p) && p.legal_status !== 'not_charged';

  let opened = 0;
  const open = async (p: Candidate, at: string) => {
    opened++;
    return (await run(openRepatriation, { person_id: p.id, state: p.state, reason: 'من رعايا الدولة، محتجز منذ النقل (وهمي)' }, at, 'facility_officer')).case_id;
  };

  for (const { state, story } of stories) {
    const p = take(state, adultDetainee);
    if (!p) continue;
    const n = `${state}-${p.register_number.slice(0, 4)}`;
    const answerer: [Role, string] = liaisonOf[state] ? ['liaison', liaisonOf[state]!] : ['facility_officer', demoActor('facility_officer')];
    // The returns' stories begin 70 days ago, so that their contacts fall due; the others in the last weeks.
    const start = story === 'returned' || story === 'followed_up' || story === 'closed' ? 70 : story === 'escalation_due' ? 55 : story === 'reminder_due' ? 42 : 20;
    const at = (offset: number, hours = 10) => ago(start - offset, hours);
    const case_id = await open(p, at(0, 9));
    if (reach[story] < 1) continue;
    await run(sendRepatriationRequest, { case_id, sent_at: at(0), channel: 'diplomatic_note' as const, reference: `NV-${n}` }, at(0), 'facility_officer');
    if (story === 'person_refused') {
      await run(recordReturnRefusal, { case_id, refused_at: at(3), statement: 'لا أريد العودة؛ أخشى على عائلتي هنا (وهمي)' }, at(3), 'facility_officer');
      continue;
    }
    if (story === 'escalation_due') {
      // Unanswered: recorded so after 8 days, reminded late at 37, the escalation (due at 45) not yet made.
      await run(recordStateAnswer, { case_id, answer: 'no_answer' as const, answered_at: at(8), reference: null, note: 'لم يصل رد (وهمي)' }, at(8), 'facility_officer');
      await run(sendRepatriationReminder, { case_id, sent_at: at(37), channel: 'embassy' as const, reference: `NV-${n}/R` }, at(37), 'facility_officer');
      continue;
    }
    if (reach[story] < 2) continue;
    const answer = story === 'declined' || story === 'verification_requested' ? story : 'accepted';
    await run(recordStateAnswer, { case_id, answer, answered_at: at(4), reference: `ANS-${n}`, note: '' }, at(4), answerer[0], answerer[1]);
    if (story === 'acceptance_withdrawn') {
      await run(recordAcceptanceWithdrawal, { case_id, withdrawn_at: at(9), reference: `W-${n}`, note: 'سحبت الدولة قبولها دون ذكر سبب (وهمي)' }, at(9), 'facility_officer');
      continue;
    }
    if (reach[story] < 3) continue;
    await run(confirmNationality, { case_id, state, confirmed_at: at(5), evidence: 'state_confirmation' as const, reference: `NAT-${n}` }, at(5), answerer[0], answerer[1]);
    if (reach[story] < 4) continue;
    const assessment = {
      risks: { torture: risk, death_penalty: risk, persecution: risk, unfair_trial: risk },
      heard: { at: at(6), summary: 'يرغب في العودة إلى عائلته (وهمي)', counsel: { name: 'المحامي المنتدب (وهمي)' }, interpreter: { not_needed_reason: 'يتكلم العربية بطلاقة' } },
      wishes: { wish: 'wishes_to_return' as const, statement: 'أريد العودة إلى بيتي (وهمي)' },
    };
    await run(assessRepatriationSafeguards, { case_id, assessment }, at(6, 12), 'facility_officer');
    if (reach[story] < 5) continue;
    await run(reviewRepatriation, { case_id, outcome: 'concurs' as const, notes: 'المصادر كافية، استُمع إليه بحضور محامٍ (وهمي)' }, at(7), 'supervisor');
    if (story === 'refused' || story === 'suspended') {
      const reasons = story === 'refused' ? 'لم تقدّم الدولة ضمانًا بزيارات قنصلية بعد العودة (وهمي)' : 'إلى أن تجيب الدولة عن ظروف الاحتجاز (وهمي)';
      await run(decideRepatriationCase, { case_id, outcome: story, reasons }, at(8), 'supervisor', 'deputy');
      continue;
    }
    if (reach[story] < 6) continue;
    // Contacts after the return: a month after the decision, and three; one only for the case followed up.
    const follow_ups = (story === 'followed_up' ? [30] : [30, 120]).map((d) => ({ due_at: at(8 + d) }));
    const assurances = state === 'TN' ? [{ against: 'death_penalty' as const, text: 'لن تُطلب عقوبة الإعدام ولن تُنفّذ (وهمي)', given_by: 'وزارة العدل (وهمية)', given_at: at(7, 14), reference: `ASR-${n}` }] : [];
    await run(decideRepatriationCase, { case_id, outcome: 'approved' as const, assurances, follow_ups }, at(8), 'supervisor', 'deputy');
    if (story === 'approved') continue;
    // The journey home: an order to the state's authority, approved by another official, dispatched, handed over.
    const transfer_id = randomUUID();
    const authority = 'وزارة الداخلية في دولة الجنسية (وهمية)';
    await run(createTransfer, { transfer_id, origin: { kind: 'facility' as const, facility_id: p.facility_id }, destination: { kind: 'authority' as const, name: authority, country: state }, reason: 'إعادة إلى الوطن (وهمي)', persons: [p.id] }, at(9), 'facility_officer');
    await run(approveTransfer, { transfer_id }, at(9, 12), 'supervisor');
    await run(dispatchTransfer, { transfer_id, escort_authority: 'مفرزة الحماية (وهمية)', escort_commander: 'النقيب (وهمي)', releasing_official: 'مأمور السجن (وهمي)', occurred_at: at(10, 6) }, at(10, 6), 'facility_officer');
    await run(checkInPerson, { transfer_id, person_id: p.id, register_number: p.register_number, receiving_official: 'ممثل سلطات الدولة (وهمي)', occurred_at: at(10, 14), receipt_reference: `RCPT-${n}` }, at(10, 14), 'facility_officer');
    if (story === 'returned') continue; // its first contact, due 32 days ago, was never made
    const contact = { channel: 'consular_visit' as const, contacted_by: 'القنصل العراقي (وهمي)', concerns_raised: false };
    await run(recordRepatriationFollowUp, { case_id, ...contact, contacted_at: at(35), person_reached: 'seen' as const }, at(35), 'facility_officer');
    if (story === 'followed_up') continue;
    await run(recordRepatriationFollowUp, { case_id, ...contact, channel: 'telephone' as const, contacted_at: at(60), person_reached: 'not_reached' as const }, at(60), 'facility_officer');
    const waiver = 'لم تعد الدولة تسمح بالوصول القنصلي إليه؛ أُبلغت اللجنة الدولية للصليب الأحمر (وهمي)';
    await run(closeRepatriation, { case_id, reason: 'أُعيد؛ تعذّر الاتصال الثاني (وهمي)', follow_up_waiver: waiver }, at(65), 'facility_officer');
  }

  // A mother and her daughter from the camp, one family group: the child travels with her mother.
  const mother = take('FR', (p) => !minor(p) && p.sex === 'female');
  const daughter = take('FR', minor);
  if (mother && daughter) {
    const evidence = 'بطاقة المخيم وقيد الأحوال المدنية (وهمي)';
    const motherCase = await open(mother, ago(15, 9));
    await run(recordRepatriationFamily, { case_id: motherCase, group: 'FAM-FR-0007', role: 'parent' as const, evidence, children: [daughter.register_number] }, ago(15), 'facility_officer');
    await run(sendRepatriationRequest, { case_id: motherCase, sent_at: ago(14), channel: 'liaison_officer' as const, reference: 'NV-FAM-FR-0007' }, ago(14), 'facility_officer');
    const childCase = await open(daughter, ago(15, 11));
    await run(recordRepatriationFamily, { case_id: childCase, group: 'FAM-FR-0007', role: 'child' as const, evidence }, ago(15, 12), 'facility_officer');
    const bestInterests = {
      assessed_at: ago(13),
      official: 'مسؤولة حماية الطفل (وهمية)',
      arrangement: 'travels_with_parent' as const,
      parent_case_id: motherCase,
      guardian: null,
      reasoning: 'أمها ترعاها منذ ولادتها ولا سند لها غيرها (وهمي)',
      child_views: 'تريد البقاء مع أمها (وهمي)',
    };
    await run(recordBestInterests, { case_id: childCase, ...bestInterests }, ago(13), 'facility_officer');
  }
  // A child alone: unaccompanied, with no guardian named yet.
  const alone = take('FR', minor) ?? take('TN', minor) ?? take('DE', minor);
  if (alone) {
    const case_id = await open(alone, ago(6, 9));
    await run(sendRepatriationRequest, { case_id, sent_at: ago(5), channel: 'embassy' as const, reference: `NV-${alone.state}-CHILD` }, ago(5), 'facility_officer');
  }
  return opened;
}
