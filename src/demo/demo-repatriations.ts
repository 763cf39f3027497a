/**
 * The demo's repatriation desk (issue 15), recorded through the ordinary write path: the
 * profiles of France (no death penalty, notification on request) and Tunisia (death penalty,
 * notification mandatory), and for the first French and Tunisian nationals still held, cases
 * at different stages — a request unanswered, an acceptance awaiting the nationality's
 * confirmation, an assessment awaiting its review, a return approved with its assurances —
 * so that the liaison accounts (liaison-fra, liaison-tun) each see their own state's cases only,
 * and of their nationals what each state's data-sharing policy allows.
 */
import { randomUUID } from 'node:crypto';
import { execute, type CommandContext, type CommandDefinition, type Register } from '../commands/execute.ts';
import { assessRepatriationSafeguards } from '../commands/assess-repatriation-safeguards.ts';
import { decideRepatriationCase } from '../commands/decide-repatriation.ts';
import { confirmNationality } from '../commands/confirm-nationality.ts';
import { openRepatriation } from '../commands/open-repatriation.ts';
import { recordStateAnswer } from '../commands/record-state-answer.ts';
import { recordStateProfile } from '../commands/record-state-profile.ts';
import { reviewRepatriation } from '../commands/review-repatriation.ts';
import { sendRepatriationRequest } from '../commands/send-repatriation-request.ts';
import type { Role } from '../domain/permissions.ts';
import type { Person } from '../domain/person.ts';
import type { DateOfBirth } from '../domain/values.ts';
import { isMinorOn } from '../domain/repatriation-family.ts';
import { demoActor } from './demo-accounts.ts';

/** How far each demo case goes, in order, for the nationals of each state. */
const stages = ['request_sent', 'accepted', 'reviewed', 'approved'] as const;

/** Record the demo's states and repatriation cases; returns how many cases were opened. */
export async function seedDemoRepatriations(register: Register): Promise<number> {
  const run = async <I, S, R>(command: CommandDefinition<I, S, R>, input: I, role: Role, actor = demoActor(role)): Promise<R> => {
    const ctx: CommandContext = { actor, role, idempotencyKey: randomUUID() };
    const outcome = await execute(register, command, input, ctx);
    if (!outcome.ok) throw new Error(`demo repatriations: ${command.kind} refused: ${JSON.stringify(outcome)}`);
    return outcome.response;
  };
  // Each state's liaison sees what its data-sharing policy allows: France more, Tunisia less.
  await run(
    recordStateProfile,
    {
      state: 'FR',
      consular_notification: 'on_request',
      applies_death_penalty: false,
      liaison_contacts: [{ name: 'ضابط ارتباط السفارة الفرنسية (وهمي)', post: 'السفارة الفرنسية في بغداد، القسم القنصلي (وهمي)', contact: '+964 700 000 0101' }],
      sharing_policy: { fields: ['names', 'date_of_birth', 'sex', 'nationalities', 'custody_status', 'case_stage'], legal_basis: 'مذكرة تفاهم بشأن إعادة الرعايا، المادة 4 (وهمية)' },
    },
    'supervisor',
  );
  await run(
    recordStateProfile,
    {
      state: 'TN',
      consular_notification: 'mandatory',
      applies_death_penalty: true,
      liaison_contacts: [{ name: 'ضابط ارتباط السفارة التونسية (وهمي)', post: 'السفارة التونسية في بغداد (وهمي)', contact: '+964 700 000 0102' }],
      sharing_policy: { fields: ['names', 'date_of_birth', 'case_stage'], legal_basis: 'اتفاقية فيينا للعلاقات القنصلية، المادة 36 (وهمي)' },
    },
    'supervisor',
  );
  let opened = 0;
  for (const state of ['FR', 'TN']) {
    // Adults only: a child's return waits for a best-interests assessment (repatriation-family.ts).
    const today = (register.clock?.() ?? new Date()).toISOString().slice(0, 10);
    const held = await register.db.query<{ id: string; dob: DateOfBirth }>(
      `SELECT id, dob FROM person WHERE custody_status = 'in_custody' AND $1 = ANY (nationalities)
          AND NOT EXISTS (SELECT 1 FROM court_case c WHERE c.person_id = person.id) ORDER BY register_number`,
      [state],
    );
    const rows = held.rows.filter((p) => !isMinorOn({ details: { dob: p.dob } } as Pick<Person, 'details'>, today)).slice(0, stages.length);
    for (const [i, { id }] of rows.entries()) {
      const n = `${state}-2026-${String(i + 1).padStart(2, '0')}`;
      const { case_id } = await run(openRepatriation, { person_id: id, state, reason: 'من رعايا الدولة، محتجز منذ النقل (وهمي)' }, 'facility_officer');
      opened++;
      const stage = stages[i]!;
      await run(sendRepatriationRequest, { case_id, sent_at: '2026-10-05T10:00:00+03:00', channel: 'diplomatic_note' as const, reference: `NV-${n}` }, 'facility_officer');
      if (stage === 'request_sent') continue;
      await run(recordStateAnswer, { case_id, answer: 'accepted' as const, answered_at: '2026-10-12T10:00:00+03:00', reference: `ANS-${n}` }, 'liaison', state === 'FR' ? 'liaison-fra' : 'liaison-tun');
      if (stage === 'accepted') continue;
      await run(confirmNationality, { case_id, state, confirmed_at: '2026-10-13T10:00:00+03:00', evidence: 'state_confirmation' as const, reference: `NAT-${n}` }, 'liaison', state === 'FR' ? 'liaison-fra' : 'liaison-tun');
      const risk = { finding: 'no_real_risk' as const, reasoning: 'تقارير قطرية حديثة وحالة الشخص (وهمي)' };
      const assessment = {
        risks: { torture: risk, death_penalty: risk, persecution: risk, unfair_trial: risk },
        heard: { at: '2026-10-14T10:00:00+03:00', summary: 'يرغب في العودة إلى عائلته (وهمي)', counsel: { name: 'المحامي المنتدب (وهمي)' }, interpreter: { not_needed_reason: 'يتكلم العربية بطلاقة' } },
        wishes: { wish: 'wishes_to_return' as const, statement: 'أريد العودة إلى بيتي (وهمي)' },
      };
      await run(assessRepatriationSafeguards, { case_id, assessment }, 'facility_officer');
      await run(reviewRepatriation, { case_id, outcome: 'concurs' as const, notes: 'المصادر كافية، استُمع إليه بحضور محامٍ (وهمي)' }, 'supervisor');
      if (stage === 'reviewed') continue;
      const assurances = [{ against: 'death_penalty' as const, text: 'لن تُطلب عقوبة الإعدام ولن تُنفّذ (وهمي)', given_by: 'وزارة العدل (وهمية)', given_at: '2026-10-15T10:00:00+03:00', reference: `ASR-${n}` }];
      await run(decideRepatriationCase, { case_id, outcome: 'approved' as const, assurances }, 'supervisor');
    }
  }
  return opened;
}
