/**
 * Facilities' disciplinary rules as the domain sees them (disciplinary-rules.ts): every version
 * adopted, kept whole; which one is in force on a day is the domain's to say (`rulesInForce`).
 */
import type { DisciplinaryRules } from '../domain/disciplinary-rules.ts';
import type { EventKind, LoggedEvent } from '../domain/events.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';

type Applier = (tx: Queryable, events: readonly LoggedEvent[]) => Promise<void>;

/** How an adoption of rules changes the projections (projections.ts mounts it). */
export const disciplinaryRulesAppliers = {
  'facility.disciplinary_rules_adopted': async (tx, events) => {
    for (const e of events as readonly LoggedEvent<'facility.disciplinary_rules_adopted'>[]) {
      const { rules_id, ...d } = e.data;
      const rules: DisciplinaryRules = { id: rules_id, ...d, adopted_at: e.recorded_at };
      await tx.query('INSERT INTO disciplinary_rules (id, facility_id, effective_from, record, adopted_idx) VALUES ($1, $2, $3, $4::jsonb, $5)', [rules.id, rules.facility_id, rules.effective_from, JSON.stringify(rules), e.idx]);
    }
  },
} satisfies Partial<Record<EventKind, Applier>>;

/** Every version of a facility's rules, in the order they were adopted. */
export async function rulesOf(q: Queryable, facilityId: string): Promise<DisciplinaryRules[]> {
  if (!isUuid(facilityId)) return [];
  const { rows } = await q.query<{ record: DisciplinaryRules }>('SELECT record FROM disciplinary_rules WHERE facility_id = $1 ORDER BY adopted_idx', [facilityId]);
  return rows.map((r) => r.record);
}

export async function loadRules(q: Queryable, id: string): Promise<DisciplinaryRules | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ record: DisciplinaryRules }>('SELECT record FROM disciplinary_rules WHERE id = $1', [id]);
  return rows[0]?.record ?? null;
}
