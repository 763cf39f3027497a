/**
 * A person's custody life as the API and the pages show it: each classification with its review
 * clock now (classification.ts, response-clock.ts), and each disciplinary case.
 */
import { classificationReviewClock, type Classification } from '../domain/classification.ts';
import type { DisciplinaryCase } from '../domain/discipline.ts';
import type { ResponseClockStatus } from '../domain/response-clock.ts';
import { responseClockRules } from '../store/complaints.ts';
import { custodyLifeOf } from '../store/custody-life.ts';
import type { Queryable } from '../store/database.ts';

export type ClassificationView = Classification & { readonly review: { readonly status: ResponseClockStatus; readonly due: string } };

export interface PersonCustodyLife {
  readonly classifications: readonly ClassificationView[];
  readonly discipline: readonly DisciplinaryCase[];
}

export async function personCustodyLife(q: Queryable, personId: string, now: Date): Promise<PersonCustodyLife> {
  const { classifications, discipline } = await custodyLifeOf(q, personId);
  const alertHours = responseClockRules().classificationReviewAlertHours;
  return { classifications: classifications.map((c) => ({ ...c, review: classificationReviewClock(c, now.toISOString(), alertHours) })), discipline };
}
