/**
 * The open duplicate questions about one person: each other record the matcher found may be the
 * same individual, with the probability, the most likely first. Callers audit the read of the
 * other records (personal-read.ts).
 */
import type { Queryable } from '../store/database.ts';
import { isUuid } from '../domain/values.ts';

export interface DuplicateQuestion {
  readonly other_id: string;
  readonly other_register_number: string;
  readonly score: number;
}

/** Open reviews in which the person is either record, the most likely first. */
export async function duplicateQuestions(q: Queryable, personId: string): Promise<DuplicateQuestion[]> {
  if (!isUuid(personId)) return [];
  const { rows } = await q.query<{ other_id: string; other_register_number: string; score: string | number }>(
    `SELECT o.id AS other_id, o.register_number AS other_register_number, d.score
       FROM duplicate_review d JOIN person o ON o.id = CASE WHEN d.person_id = $1 THEN d.candidate_id ELSE d.person_id END
      WHERE d.status = 'open' AND (d.person_id = $1 OR d.candidate_id = $1)
      ORDER BY d.score DESC, d.opened_idx LIMIT 20`,
    [personId],
  );
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}
