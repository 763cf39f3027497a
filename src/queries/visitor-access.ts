/**
 * What a visitor may see (BP29, CIHL 124): the register of one facility — the persons held
 * there and their records — while an accredited visit of the visitor's body is open at it, now;
 * outside such a visit, nothing. Every route and page that shows a visitor anything asks this
 * one function first.
 */
import { visitorFacility } from '../domain/visit.ts';
import type { Queryable } from '../store/database.ts';
import { accountVisitingBody, loadVisitingBody, visitsOf } from '../store/visits.ts';

/** The facility whose register the account may see as a visitor now, or null. */
export async function visitorRegisterFacility(q: Queryable, accountId: string, now: Date): Promise<string | null> {
  const bodyId = await accountVisitingBody(q, accountId);
  if (!bodyId) return null;
  const body = await loadVisitingBody(q, bodyId);
  if (!body) return null;
  return visitorFacility(body, await visitsOf(q, bodyId, { openOnly: true }), now.toISOString());
}
