/**
 * The look-up of an information request: every name the requester gave, in whatever script and
 * spelling, through the identity matcher (which compares it with every name of every person in
 * every script, as the search does). A candidate is anyone at least possibly the person
 * (SIJILL_MATCH_POSSIBLE); the best score of each over all the names given, best first.
 */
import { matchThresholds } from '../config.ts';
import type { AskedAbout } from '../domain/information-request.ts';
import type { DateOfBirth } from '../domain/values.ts';
import type { Queryable } from '../store/database.ts';
import type { Register } from './execute.ts';

/** At most this many candidates per name given. */
const perName = 10;

const dobOf = (dob: string | undefined): DateOfBirth | undefined =>
  dob === undefined ? undefined : /^\d{4}$/.test(dob) ? { kind: 'year', year: Number(dob) } : { kind: 'exact', date: dob };

export async function lookupCandidates(register: Register, asked: AskedAbout, q?: Queryable): Promise<{ person_id: string; score: number }[]> {
  if (!register.identity) return [];
  const floor = matchThresholds().possible;
  const best = new Map<string, number>();
  const dob = dobOf(asked.dob);
  for (const name of asked.names) {
    const { candidates } = await register.identity.search({ name, ...(dob ? { dob } : {}), ...(asked.mother_name ? { motherName: asked.mother_name } : {}) }, perName, q);
    for (const c of candidates) if (c.score >= floor && (best.get(c.id) ?? -1) < c.score) best.set(c.id, c.score);
  }
  return [...best].map(([person_id, score]) => ({ person_id, score })).sort((a, b) => b.score - a.score || a.person_id.localeCompare(b.person_id));
}
