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
import { openSealedWords } from '../store/sealed-texts.ts';

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

/** The seals of the confidential words of these complaints and allegations (sealed-text.ts). */
function sealsOf(complaints: readonly Complaint[], allegations: readonly Allegation[]): string[] {
  return [
    ...complaints.flatMap((c) => [c.text_sha256, c.answer?.text_sha256 ?? null]),
    ...allegations.flatMap((a) => [a.account_sha256, a.closed?.findings_sha256 ?? null]),
  ].filter((seal): seal is string => typeof seal === 'string');
}

/** Confidential words opened from beside the log, each in place of its seal (a seal whose words are not kept, or fail it, stays unopened: null). */
async function opened(q: Queryable, complaints: readonly Complaint[], allegations: readonly Allegation[]): Promise<{ complaints: Complaint[]; allegations: Allegation[] }> {
  const words = await openSealedWords(q, sealsOf(complaints, allegations));
  const open = (text: string | null, seal: string | null) => (seal ? (words.get(seal) ?? null) : text);
  return {
    complaints: complaints.map((c) => ({ ...c, text: open(c.text, c.text_sha256), answer: c.answer && { ...c.answer, text: open(c.answer.text, c.answer.text_sha256) } })),
    allegations: allegations.map((a) => ({ ...a, account: open(a.account, a.account_sha256), closed: a.closed && { ...a.closed, findings: open(a.closed.findings, a.closed.findings_sha256) } })),
  };
}

/** Whether a complaints file shows confidential words opened from beside the log (their reading is audited as such). */
export function showsSealedWords(file: { readonly complaints?: readonly Complaint[]; readonly allegations: readonly Allegation[] }): boolean {
  return sealsOf(file.complaints ?? [], file.allegations).length > 0;
}

/**
 * A person's complaints file as `independent` (a reader who holds the independent authority's
 * reading) or the facility's staff see it: a confidential complaint (MR56(3)), and the referral it
 * opened, only the independent authority, who alone has its sealed words opened.
 */
export async function personComplaints(q: Queryable, personId: string, now: Date, independent: boolean): Promise<PersonComplaints> {
  const { complaints, allegations } = await complaintsOf(q, personId);
  const hidden = new Set(complaints.filter((c) => !complaintReadableBy(c, independent)).map((c) => c.id));
  const shown = await opened(
    q,
    complaints.filter((c) => !hidden.has(c.id)),
    allegations.filter((a) => !(a.complaint_id && hidden.has(a.complaint_id))),
  );
  return {
    complaints: shown.complaints.map((c) => complaintView(c, now)),
    allegations: shown.allegations.map((a) => allegationView(a, now)),
    freezes: await freezesOf(q, personId),
    corrections: await evidenceCorrectionsOf(q, personId),
  };
}

/** The independent authority's queue: referrals not closed of the persons reached, with their clocks (and the sealed words of those a confidential complaint opened). */
export async function referralQueue(q: Queryable, now: Date, within: PersonFilter = everyPerson): Promise<AllegationView[]> {
  return (await opened(q, [], await openReferrals(q, 200, within))).allegations.map((a) => allegationView(a, now));
}
