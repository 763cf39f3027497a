/**
 * Information requests and restrictions, as the domain sees them (information-request.ts,
 * restriction.ts). A request's rows are locked by id (its events name no person); a
 * restriction's commands lock its person, and an answer locks the person identified, so an
 * answer and an approval of a restriction on that person run one after another.
 */
import type { LoggedEvent } from '../domain/events.ts';
import { evolveRequest, type InformationRequest, type InformationRequestEvent, type RequesterRelationship } from '../domain/information-request.ts';
import { restrictionsFor, type Restriction } from '../domain/restriction.ts';
import { createHash } from 'node:crypto';
import {
  article18Answer,
  article18EventKinds,
  restrictionsOfReference,
  withheldOfGiven,
  withheldWithRestrictions,
  type AnswerReference,
  type Article18Answer,
  type PersonEvent,
  type RestrictionWithheld,
} from '../domain/article18-answer.ts';
import type { GivenAnswer } from '../domain/information-request.ts';
import { canonicalJson } from '../ledger/canonical-json.ts';
import { parseEventBytes } from './event-log.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';

/** Fold one request event into its row. */
export async function applyInformationRequestEvent(tx: Queryable, e: LoggedEvent): Promise<void> {
  const event = e as unknown as InformationRequestEvent;
  const prior = event.kind === 'inforequest.recorded' ? null : await loadInformationRequest(tx, event.data.request_id);
  const next = evolveRequest(prior, event);
  const withheld = next.answer ? withheldOfGiven(next.answer).length > 0 : false;
  await tx.query(
    `INSERT INTO information_request (id, status, received_at, due_at, person_id, answered_at, withheld, record, recorded_idx, updated_idx)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $9)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, person_id = EXCLUDED.person_id, answered_at = EXCLUDED.answered_at, withheld = EXCLUDED.withheld,
       record = EXCLUDED.record, updated_idx = EXCLUDED.updated_idx`,
    [next.id, next.status, next.received_at, next.due_at, next.lookup?.identified ?? null, next.answer?.answered_at ?? null, withheld, JSON.stringify(next), e.idx],
  );
}

/** Fold one restriction event into its row. */
export async function applyRestrictionEvent(tx: Queryable, e: LoggedEvent): Promise<void> {
  if (e.kind === 'restriction.requested') {
    const d = e.data as LoggedEvent<'restriction.requested'>['data'];
    const r: Restriction = {
      id: d.restriction_id, person_id: e.person_id!, items: d.items, legal_basis: d.legal_basis, judicial_reference: d.judicial_reference, applies_to: d.applies_to, expires_at: d.expires_at,
      requested_by: d.requested_by, requested_at: e.occurred_at, approved_by: null, approved_at: null,
    };
    await tx.query('INSERT INTO restriction (id, person_id, expires_at, approved, record, requested_idx) VALUES ($1, $2, $3, false, $4::jsonb, $5)', [r.id, r.person_id, r.expires_at, JSON.stringify(r), e.idx]);
    return;
  }
  const d = e.data as LoggedEvent<'restriction.approved'>['data'];
  await tx.query(
    `UPDATE restriction SET approved = true, record = record || jsonb_build_object('approved_by', $2::text, 'approved_at', $3::text) WHERE id = $1`,
    [d.restriction_id, d.approved_by, e.occurred_at],
  );
}

export async function loadInformationRequest(q: Queryable, id: string): Promise<InformationRequest | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ record: InformationRequest }>('SELECT record FROM information_request WHERE id = $1', [id]);
  return rows[0]?.record ?? null;
}

/** Lock a request's row (a request's steps run one after another). */
export async function lockInformationRequest(tx: Queryable, id: string): Promise<void> {
  if (isUuid(id)) await tx.query('SELECT 1 FROM information_request WHERE id = $1 FOR UPDATE', [id]);
}

export async function loadRestriction(q: Queryable, id: string): Promise<Restriction | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ record: Restriction }>('SELECT record FROM restriction WHERE id = $1', [id]);
  return rows[0]?.record ?? null;
}

export async function restrictionOwner(q: Queryable, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ person_id: string }>('SELECT person_id FROM restriction WHERE id = $1', [id]);
  return rows[0]?.person_id ?? null;
}

/** A person's restrictions, oldest first (whether each is in force is the reader's: restrictionInForce). */
export async function restrictionsOf(q: Queryable, personId: string): Promise<Restriction[]> {
  if (!isUuid(personId)) return [];
  const { rows } = await q.query<{ record: Restriction }>('SELECT record FROM restriction WHERE person_id = $1 ORDER BY requested_idx', [personId]);
  return rows.map((r) => r.record);
}

/** Restrictions awaiting approval or in force at `now` (not yet expired) of the persons `within` reaches (a condition on a person's id, as src/queries/person-filter.ts), the soonest to expire first, with the person's register number. */
export async function openRestrictions(q: Queryable, now: string, limit: number, within: (person: string, params: unknown[]) => string = () => 'TRUE'): Promise<(Restriction & { register_number: string })[]> {
  const params: unknown[] = [now, limit];
  const { rows } = await q.query<{ record: Restriction; register_number: string }>(
    `SELECT r.record, p.register_number FROM restriction r JOIN person p ON p.id = r.person_id
      WHERE r.expires_at > $1::timestamptz AND ${within('r.person_id', params)} ORDER BY r.expires_at, r.id LIMIT $2`,
    params,
  );
  return rows.map((r) => ({ ...r.record, register_number: r.register_number }));
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** An answer's digest: hex SHA-256 of its canonical JSON (RFC 8785). */
export const answerDigest = (answer: Article18Answer): string => sha256Hex(canonicalJson(answer));

/** A person's events of the kinds an answer is computed from, up to a log index (all of them when `upTo` is undefined), with the index of the last. */
async function answerEvents(q: Queryable, personId: string, upTo?: number | null): Promise<{ events: PersonEvent[]; last: number | null }> {
  if (upTo === null) return { events: [], last: null };
  const { rows } = await q.query<{ idx: number | string; bytes: Uint8Array }>(
    'SELECT idx, bytes FROM event WHERE person_id = $1 AND kind = ANY($2::text[]) AND ($3::bigint IS NULL OR idx <= $3::bigint) ORDER BY idx',
    [personId, article18EventKinds, upTo ?? null],
  );
  return { events: rows.map(({ idx, bytes }) => parseEventBytes(Number(idx), bytes).event), last: rows.length ? Number(rows.at(-1)!.idx) : null };
}

/** The answer from these events: the facilities they name, read by id (facilities are never renamed), and the restrictions that withhold. */
async function answerFrom(q: Queryable, registerNumber: string, events: readonly PersonEvent[], restrictions: readonly RestrictionWithheld[], at: string): Promise<Article18Answer> {
  const facilityIds = new Set<string>();
  for (const e of events) for (const key of ['facility_id', 'from_facility_id'] as const) {
    const id = (e.data as Record<string, unknown>)[key];
    if (typeof id === 'string') facilityIds.add(id);
  }
  const found = await q.query<{ id: string; name: string; authority: string }>('SELECT id, name, authority FROM facility WHERE id = ANY($1::uuid[])', [[...facilityIds]]);
  const names = new Map(found.rows.map((f) => [f.id, { name: f.name, authority: f.authority }]));
  return article18Answer(registerNumber, events, names, restrictions, at);
}

/**
 * The article 18 answer for a person at `now`, for a requester of this relationship: their
 * events of the kinds it is computed from, read back from the log, the facilities' names, and the
 * restrictions in force for them; with the reference the register keeps of it (AnswerReference).
 * Null if no such person.
 */
export async function computeAnswer(q: Queryable, personId: string, relationship: RequesterRelationship, now: string): Promise<{ answer: Article18Answer; reference: AnswerReference } | null> {
  if (!isUuid(personId)) return null;
  const person = await q.query<{ register_number: string }>('SELECT register_number FROM person WHERE id = $1', [personId]);
  if (!person.rows[0]) return null;
  const { events, last } = await answerEvents(q, personId);
  const restrictions = restrictionsFor(await restrictionsOf(q, personId), relationship, now);
  const answer = await answerFrom(q, person.rows[0].register_number, events, restrictions, now);
  return {
    answer,
    reference: { register_number: answer.register_number, computed_at: now, up_to_idx: last, events: events.length, withheld: withheldWithRestrictions(answer), sha256: answerDigest(answer) },
  };
}

/** Keep the answer as given beside the log, under the digest its event holds (in the transaction that writes the event). */
export async function keepGivenAnswer(tx: Queryable, answer: Article18Answer, at: string): Promise<void> {
  const text = canonicalJson(answer);
  await tx.query('INSERT INTO given_answer (sha256, answer, kept_at) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [sha256Hex(text), text, at]);
}

/** An answer given before answers were kept beside the log, which the log and the register's code no longer give again. */
export class AnswerNotReproduced extends Error {}

/**
 * The answer given: as kept beside the log when it was given (checked against the digest its
 * event holds), so a letter reprints exactly what was given. An answer given before answers were
 * kept is recomputed from its reference — the same events, instant and restrictions — and checked
 * against its digest (AnswerNotReproduced when it differs); one written whole is as it was written.
 */
export async function answerOf(q: Queryable, given: GivenAnswer): Promise<Article18Answer | null> {
  if (given.answer !== undefined) return given.answer;
  const ref = given.reference;
  if (!ref || !given.person_id) return null;
  const kept = await q.query<{ answer: string }>('SELECT answer FROM given_answer WHERE sha256 = $1', [ref.sha256]);
  const text = kept.rows[0]?.answer;
  if (text !== undefined && sha256Hex(text) === ref.sha256) return JSON.parse(text) as Article18Answer;
  const { events } = await answerEvents(q, given.person_id, ref.up_to_idx);
  if (events.length !== ref.events) throw new AnswerNotReproduced(`the answer was computed from ${ref.events} events; the log gives ${events.length}`);
  const answer = await answerFrom(q, ref.register_number, events, restrictionsOfReference(ref), ref.computed_at);
  if (answerDigest(answer) !== ref.sha256) throw new AnswerNotReproduced('the answer recomputed from the log differs from the answer given, and no copy of it was kept');
  return answer;
}
