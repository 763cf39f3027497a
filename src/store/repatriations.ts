/**
 * Repatriation cases and states' profiles, as the domain sees them. A case is one person's
 * and its events are on that person's chain, so commands on it lock the person's row: steps
 * of one person's repatriation, and of their cases before the courts, run one after another.
 */
import type { LoggedEvent } from '../domain/events.ts';
import { parseRegisterNumber } from '../domain/register-number.ts';
import { evolveRepatriation, type CourtCaseOnRecord, type RepatriationCase, type RepatriationEvent, type RepatriationSubject } from '../domain/repatriation.ts';
import type { FamilyMember, NamedChild } from '../domain/repatriation-family.ts';
import type { ApprovedReturn, TravelStanding } from '../domain/repatriation-travel.ts';
import type { StateProfile } from '../domain/state-profile.ts';
import { isUuid, type DateOfBirth } from '../domain/values.ts';
import { responseClockRules } from './complaints.ts';
import type { Queryable } from './database.ts';
import { loadPersons, lockPersons } from './subjects.ts';

/** Fold one repatriation event into its case's row (projections.ts applies them in log order). */
export async function applyRepatriationEvent(tx: Queryable, e: LoggedEvent): Promise<void> {
  const event = e as unknown as RepatriationEvent;
  const id = (event.data as { repatriation_id: string }).repatriation_id;
  const prior = event.kind === 'repatriation.opened' ? null : await loadRepatriation(tx, id);
  const next = evolveRepatriation(prior, event);
  await tx.query(
    `INSERT INTO repatriation_case (id, person_id, state, status, family_group, record, opened_idx, updated_idx) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $7)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, family_group = EXCLUDED.family_group, record = EXCLUDED.record, updated_idx = EXCLUDED.updated_idx`,
    [next.id, next.person_id, next.state, next.status, next.family?.group ?? null, JSON.stringify(next), e.idx],
  );
}

/** A repatriation case, or null. */
export async function loadRepatriation(q: Queryable, id: string): Promise<RepatriationCase | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ record: RepatriationCase }>('SELECT record FROM repatriation_case WHERE id = $1', [id]);
  return rows[0]?.record ?? null;
}

/** The person a repatriation case is about (it never changes), or null. */
export async function repatriationOwner(q: Queryable, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ person_id: string }>('SELECT person_id FROM repatriation_case WHERE id = $1', [id]);
  return rows[0]?.person_id ?? null;
}

/** Lock the row of the person whose repatriation case it is. */
export async function lockRepatriation(tx: Queryable, id: string): Promise<void> {
  const owner = await repatriationOwner(tx, id);
  if (owner) await lockPersons(tx, [owner]);
}

/** The person's repatriation case still open, if any. */
export async function openRepatriationOf(q: Queryable, personId: string): Promise<string | null> {
  if (!isUuid(personId)) return null;
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM repatriation_case WHERE person_id = $1 AND status <> 'closed'`, [personId]);
  return rows[0]?.id ?? null;
}

/** A state's profile, or null. */
export async function loadStateProfile(q: Queryable, state: string): Promise<StateProfile | null> {
  const { rows } = await q.query<StateProfile>('SELECT state, consular_notification, applies_death_penalty, liaison_contacts, sharing_policy FROM state_profile WHERE state = $1', [state]);
  return rows[0] ?? null;
}

/** Every state's profile, by code. */
export async function stateProfiles(q: Queryable): Promise<StateProfile[]> {
  const { rows } = await q.query<StateProfile>('SELECT state, consular_notification, applies_death_penalty, liaison_contacts, sharing_policy FROM state_profile ORDER BY state');
  return rows;
}

/** The person's cases before Iraqi courts, in the order they were opened. */
export async function courtCasesOf(q: Queryable, personId: string): Promise<CourtCaseOnRecord[]> {
  const { rows } = await q.query<CourtCaseOnRecord>('SELECT id, reference, court, stage FROM court_case WHERE person_id = $1 ORDER BY opened_idx', [personId]);
  return rows;
}

/** The person's follow-up tasks still open. */
async function openTasksOf(q: Queryable, personId: string): Promise<Set<string>> {
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM task WHERE person_id = $1 AND status = 'open'`, [personId]);
  return new Set(rows.map((r) => r.id));
}

interface MemberRow {
  readonly case_id: string;
  readonly person_id: string;
  readonly register_number: string;
  readonly dob: DateOfBirth | null;
  readonly record: RepatriationCase;
}

const asMember = (r: MemberRow): FamilyMember => ({
  case_id: r.case_id,
  person_id: r.person_id,
  register_number: r.register_number,
  dob: r.dob,
  role: r.record.family?.role ?? null,
  status: r.record.status,
  best_interests: r.record.best_interests ?? null,
});

/** The other cases of a family group, in the order they were opened. */
export async function familyMembers(q: Queryable, c: Pick<RepatriationCase, 'id' | 'family'>): Promise<FamilyMember[]> {
  if (!c.family) return [];
  const { rows } = await q.query<MemberRow>(
    `SELECT r.id AS case_id, r.person_id, p.register_number, p.dob, r.record FROM repatriation_case r JOIN person p ON p.id = r.person_id
      WHERE r.family_group = $1 AND r.id <> $2 ORDER BY r.opened_idx`,
    [c.family.group, c.id],
  );
  return rows.map(asMember);
}

/** The children a parent's case names, each with their repatriation case not closed (if any). */
export async function namedChildrenOf(q: Queryable, c: Pick<RepatriationCase, 'family'>): Promise<NamedChild[]> {
  const ids = c.family?.children ?? [];
  if (!ids.length) return [];
  const { rows } = await q.query<{ person_id: string; register_number: string; dob: DateOfBirth | null; case_id: string | null; record: RepatriationCase | null }>(
    `SELECT p.id AS person_id, p.register_number, p.dob, r.id AS case_id, r.record
       FROM person p LEFT JOIN repatriation_case r ON r.person_id = p.id AND r.status <> 'closed'
      WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  return ids.flatMap((id) => {
    const r = rows.find((row) => row.person_id === id);
    if (!r) return [];
    return [{ person_id: r.person_id, register_number: r.register_number, dob: r.dob, case: r.case_id && r.record ? asMember({ ...r, case_id: r.case_id, record: r.record }) : null }];
  });
}

/** The persons with these register numbers (as typed: parseRegisterNumber), in order; null where none is registered. */
async function personsNumbered(q: Queryable, numbers: readonly string[]): Promise<(string | null)[]> {
  const parsed = numbers.map((n) => (typeof n === 'string' ? parseRegisterNumber(n) : null));
  const { rows } = await q.query<{ id: string; register_number: string }>('SELECT id, register_number FROM person WHERE register_number = ANY($1::text[])', [parsed.filter((n) => n !== null)]);
  return parsed.map((n) => rows.find((r) => r.register_number === n)?.id ?? null);
}

/**
 * A case with what its steps are decided on: its person, the profile of its state, the person's
 * court cases and open tasks, its family group's other cases and the children it names (and, for a
 * family to record, the persons of the register numbers given), and the reminder clock's days.
 */
export async function loadRepatriationSubject(q: Queryable, id: string, childrenGiven: readonly string[] = []): Promise<RepatriationSubject> {
  const found = await loadRepatriation(q, id);
  if (!found) return { case: null, person: null, profile: null, courtCases: [] };
  const person = (await loadPersons(q, [found.person_id])).get(found.person_id) ?? null;
  return {
    case: found,
    person,
    profile: await loadStateProfile(q, found.state),
    courtCases: await courtCasesOf(q, found.person_id),
    openTasks: await openTasksOf(q, found.person_id),
    members: await familyMembers(q, found),
    namedChildren: await namedChildrenOf(q, found),
    childrenGiven: childrenGiven.length ? await personsNumbered(q, childrenGiven) : [],
    rules: responseClockRules(),
  };
}

/** The approved repatriation cases to `state` of the persons among `personIds`, by person (the approval, the dispatch's check-ins at the state). */
export async function approvedReturns(q: Queryable, state: string, personIds: readonly string[]): Promise<Map<string, ApprovedReturn>> {
  const { rows } = await q.query<{ person_id: string; record: RepatriationCase }>(`SELECT person_id, record FROM repatriation_case WHERE state = $1 AND status = 'approved' AND person_id = ANY($2::uuid[])`, [state, personIds]);
  return new Map(rows.map((r) => [r.person_id, r.record]));
}

/** What stands for each person on an order to `state`: their repatriation case there, their court cases and pending hearings. */
export async function travelStandings(q: Queryable, state: string, persons: readonly { person_id: string; register_number: string }[]): Promise<Map<string, TravelStanding>> {
  const ids = persons.map((p) => p.person_id);
  const [cases, courts, hearings] = await Promise.all([
    q.query<{ person_id: string; record: RepatriationCase }>(`SELECT person_id, record FROM repatriation_case WHERE state = $1 AND status <> 'closed' AND person_id = ANY($2::uuid[])`, [state, ids]),
    q.query<CourtCaseOnRecord & { person_id: string }>('SELECT id, person_id, reference, court, stage FROM court_case WHERE person_id = ANY($1::uuid[]) ORDER BY opened_idx', [ids]),
    q.query<{ person_id: string; case_id: string; scheduled_for: Date | string }>(`SELECT person_id, case_id, scheduled_for FROM hearing WHERE status = 'scheduled' AND person_id = ANY($1::uuid[])`, [ids]),
  ]);
  const standings = new Map<string, TravelStanding>();
  for (const p of persons) {
    const found = cases.rows.find((r) => r.person_id === p.person_id)?.record ?? null;
    standings.set(p.person_id, {
      register_number: p.register_number,
      repatriation: found,
      courtCases: courts.rows.filter((c) => c.person_id === p.person_id).map(({ person_id: _p, ...c }) => c),
      pendingHearings: hearings.rows.filter((h) => h.person_id === p.person_id).map((h) => ({ court_case_id: h.case_id, at: new Date(h.scheduled_for).toISOString() })),
    });
  }
  return standings;
}
