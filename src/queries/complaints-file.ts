/**
 * A person's requests and complaints, allegations and evidence as the API and the pages show
 * them: each complaint and referral with its clock's status now (response-clock.ts), the
 * freezes of their records and the corrections of frozen events.
 */
import type { Allegation } from '../domain/allegation.ts';
import { complaintReadableBy, type Complaint } from '../domain/complaint.ts';
import { responseClockStatus, type ResponseClockStatus } from '../domain/response-clock.ts';
import type { EvidenceFreeze } from '../domain/evidence-freeze.ts';
import { complaintsOf, openReferrals, responseClockRules } from '../store/complaints.ts';
import { everyPerson, type PersonFilter } from './person-filter.ts';
import type { Queryable } from '../store/database.ts';
import { evidenceCorrectionsOf, freezesOf, type EvidenceCorrection } from '../store/evidence.ts';

export type ComplaintView = Complaint & { readonly clock: ResponseClockStatus };
export type AllegationView = Allegation & { readonly clock: ResponseClockStatus };

export interface PersonComplaints {
  readonly complaints: readonly ComplaintView[];
  readonly allegations: readonly AllegationView[];
  readonly freezes: readonly EvidenceFreeze[];
  readonly corrections: readonly EvidenceCorrection[];
}

export function complaintView(c: Complaint, now: Date): ComplaintView {
  return { ...c, clock: responseClockStatus(c.due_at, c.answer?.answered_at ?? null, now.toISOString(), responseClockRules().complaintAlertHours) };
}

/** The referral's escalation clock: met once the independent authority took it up. */
export function allegationView(a: Allegation, now: Date): AllegationView {
  return { ...a, clock: responseClockStatus(a.escalate_at, a.acknowledged?.at ?? a.closed?.at ?? null, now.toISOString(), responseClockRules().referralAlertHours) };
}

/**
 * A person's complaints file as `independent` (a reader who holds the independent authority's
 * reading) or the facility's staff see it: a confidential complaint (MR56(3)), and the referral it
 * opened, only the independent authority.
 */
export async function personComplaints(q: Queryable, personId: string, now: Date, independent: boolean): Promise<PersonComplaints> {
  const { complaints, allegations } = await complaintsOf(q, personId);
  const hidden = new Set(complaints.filter((c) => !complaintReadableBy(c, independent)).map((c) => c.id));
  return {
    complaints: complaints.filter((c) => !hidden.has(c.id)).map((c) => complaintView(c, now)),
    allegations: allegations.filter((a) => !(a.complaint_id && hidden.has(a.complaint_id))).map((a) => allegationView(a, now)),
    freezes: await freezesOf(q, personId),
    corrections: await evidenceCorrectionsOf(q, personId),
  };
}

/** The independent authority's queue: referrals not closed, with their clocks. */
export async function referralQueue(q: Queryable, now: Date, within: PersonFilter = everyPerson): Promise<AllegationView[]> {
  return (await openReferrals(q, 200, within)).map((a) => allegationView(a, now));
}
