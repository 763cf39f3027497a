/**
 * The demo's disciplinary rules (MR37): every facility adopts the same fictional regulation's
 * offences, in force from the day it opens, each with its conduct, the sanctions it may bring and
 * for how long, and the authority competent to impose them — through the ordinary write path.
 */
import { randomUUID } from 'node:crypto';
import { adoptDisciplinaryRules } from '../commands/adopt-disciplinary-rules.ts';
import { execute, type Register } from '../commands/execute.ts';
import type { AdoptDisciplinaryRules } from '../domain/disciplinary-rules.ts';
import { facilityDay } from '../domain/disciplinary-rules.ts';
import { demoActor } from './demo-accounts.ts';

const director = 'مدير المنشأة، بعد جلسة يُسمع فيها المحتجز (وهمي)';
const warning = { kind: 'warning' } as const;
const privileges = (days: number) => ({ kind: 'loss_of_privileges', max_days: days }) as const;
const solitary = (days: number) => ({ kind: 'solitary_confinement', max_days: days }) as const;

/** The fictional regulation's offences, in the words of its Arabic text. */
export const demoOffences: AdoptDisciplinaryRules['offences'] = [
  { code: 'violence_against_a_person', rule: 'FR-1', title: 'الاعتداء على شخص', conduct: 'الاعتداء الجسدي على محتجز آخر أو على أحد العاملين أو الزوار', sanctions: [warning, privileges(30), solitary(10)], authority: director },
  { code: 'threat_of_violence', rule: 'FR-2', title: 'التهديد بالعنف', conduct: 'التهديد بإيذاء شخص قولًا أو فعلًا', sanctions: [warning, privileges(14)], authority: director },
  { code: 'damage_to_property', rule: 'FR-3', title: 'إتلاف الممتلكات', conduct: 'إتلاف ممتلكات المنشأة أو ممتلكات غيره عمدًا', sanctions: [warning, privileges(14), { kind: 'loss_of_earnings', max_days: 30 }], authority: director },
  { code: 'possession_of_a_prohibited_item', rule: 'FR-4', title: 'حيازة مادة محظورة', conduct: 'حيازة ما تحظره لائحة المنشأة من أدوات أو مواد', sanctions: [warning, privileges(30)], authority: director },
  { code: 'escape_or_attempt', rule: 'FR-5', title: 'الهرب أو محاولته', conduct: 'الهرب من المنشأة أو من الحراسة أثناء النقل، أو محاولة ذلك', sanctions: [privileges(60), solitary(15)], authority: director },
  { code: 'refusal_of_a_lawful_order', rule: 'FR-6', title: 'رفض أمر مشروع', conduct: 'رفض تنفيذ أمر مشروع صادر عن أحد العاملين في حدود عمله', sanctions: [warning, privileges(7)], authority: director },
  { code: 'disturbance_of_order', rule: 'FR-7', title: 'الإخلال بالنظام', conduct: 'إثارة الشغب أو الإخلال بالنظام داخل القاطع', sanctions: [warning, privileges(14), solitary(5)], authority: director },
  { code: 'theft', rule: 'FR-8', title: 'السرقة', conduct: 'أخذ مال الغير دون إذنه', sanctions: [warning, privileges(14)], authority: director },
];

/** Each facility adopts the demo's rules, in force from the day it opened (its local day). */
export async function seedDemoDisciplinaryRules(register: Register, facilities: readonly { readonly facility_id: string; readonly timezone: string }[], opened: Date): Promise<void> {
  for (const f of facilities) {
    const input: AdoptDisciplinaryRules = { facility_id: f.facility_id, effective_from: facilityDay(opened.toISOString(), f.timezone), legal_basis: 'نظام المنشآت الإصلاحية رقم 1 لسنة 2026، الفصل الرابع (وهمي)', offences: demoOffences };
    const done = await execute({ ...register, clock: () => opened }, adoptDisciplinaryRules, input, { actor: demoActor('supervisor'), role: 'supervisor', idempotencyKey: randomUUID() });
    if (!done.ok) throw new Error(`demo disciplinary rules refused: ${JSON.stringify(done)}`);
  }
}
