/**
 * A person's custody life as the API and the pages show it: each classification with its review
 * clock now (classification.ts, response-clock.ts), and each disciplinary case.
 */
import { classificationReviewClock, type Classification } from '../domain/classification.ts';
import type { DisciplinaryCase } from '../domain/discipline.ts';
import { facilityDay, rulesInForce, type DisciplinaryRules } from '../domain/disciplinary-rules.ts';
import { rulesOf } from '../store/disciplinary-rules.ts';
import type { ResponseClockStatus } from '../domain/response-clock.ts';
import { responseClockRules } from '../store/complaints.ts';
import { custodyLifeOf } from '../store/custody-life.ts';
import type { Queryable } from '../store/database.ts';

export type ClassificationView = Classification & { readonly review: { readonly status: ResponseClockStatus; readonly due: string } };

export interface PersonCustodyLife {
  readonly classifications: readonly ClassificationView[];
  readonly discipline: readonly DisciplinaryCase[];
  /** The facility holding the person now, and the disciplinary rules in force there today (its local day), which a charge names an offence of. */
  readonly facility_id: string | null;
  readonly rules: DisciplinaryRules | null;
}

export async function personCustodyLife(q: Queryable, personId: string, now: Date): Promise<PersonCustodyLife> {
  const { classifications, discipline } = await custodyLifeOf(q, personId);
  const alertHours = responseClockRules().classificationReviewAlertHours;
  const { rows } = await q.query<{ id: string; timezone: string }>(`SELECT f.id, f.timezone FROM person p JOIN facility f ON f.id = p.facility_id WHERE p.id = $1 AND p.custody_status = 'in_custody'`, [personId]);
  const facility = rows[0] ?? null;
  return {
    classifications: classifications.map((c) => ({ ...c, review: classificationReviewClock(c, now.toISOString(), alertHours) })),
    discipline,
    facility_id: facility?.id ?? null,
    rules: facility ? rulesInForce(await rulesOf(q, facility.id), facilityDay(now.toISOString(), facility.timezone)) : null,
  };
}
