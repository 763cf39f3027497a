/**
 * What a visitor may see (BP29, CIHL 124): the register of one facility — the persons held
 * there and their records — while an accredited visit of the visitor's body is open at it, now;
 * outside such a visit, nothing. Every route and page that shows a visitor anything asks this
 * one function first.
 */
import { visitGivesAccess, visitorVisit, withheldFromVisit } from '../domain/visit.ts';
import type { Queryable } from '../store/database.ts';
import { accountVisitingBody, loadVisitingBody, visitsOf } from '../store/visits.ts';

/** The facility whose register the account may see as a visitor now, or null. */
export async function visitorRegisterFacility(q: Queryable, accountId: string, now: Date): Promise<string | null> {
  return (await visitorRegister(q, accountId, now))?.facility_id ?? null;
}

/**
 * The facility whose register the account may see as a visitor now, and the detainees withheld
 * from the visitors there (a refusal or deferral of access to them alone, in force) — or null.
 */
export async function visitorRegister(q: Queryable, accountId: string, now: Date): Promise<{ facility_id: string; withheld: ReadonlySet<string> } | null> {
  const bodyId = await accountVisitingBody(q, accountId);
  if (!bodyId) return null;
  const body = await loadVisitingBody(q, bodyId);
  if (!body) return null;
  const at = now.toISOString();
  const visits = await visitsOf(q, bodyId, { openOnly: true });
  const visit = visitorVisit(body, visits, at);
  if (!visit) return null;
  // A detainee withheld in any of the body's visits open at that facility is withheld.
  const withheld = new Set(visits.filter((v) => v.facility_id === visit.facility_id && visitGivesAccess(body, v, at)).flatMap((v) => [...withheldFromVisit(v, at)]));
  return { facility_id: visit.facility_id, withheld };
}
