/**
 * Intake of many people at once — a handover list at a facility gate: each row registers a
 * person and admits them. All-or-nothing: one refused row refuses the batch, and the
 * rejection names the row and the field.
 *
 * Each row is checked for duplicates as a single registration is (register-person.ts),
 * against the register and against the rows before it in the batch, as if the rows were
 * registered one by one: candidates scoring at least the review threshold open a
 * duplicate review, and every row reports its strongest candidates. Likely duplicates
 * never refuse the batch.
 */
import { decideAdmission, type AdmitPerson } from '../domain/admission.ts';
import type { NewEvent } from '../domain/events.ts';
import type { Facility } from '../domain/facility.ts';
import { can } from '../domain/permissions.ts';
import { suspectDuplicates, type DuplicateCandidate } from '../domain/identity.ts';
import { decideRegistration, type Person, type RegisterPerson } from '../domain/person.ts';
import { isRejection } from '../domain/rejection.ts';
import type { Queryable } from '../store/database.ts';
import { timed } from '../store/stage-times.ts';
import { loadFacilities, lockFacilities } from '../store/subjects.ts';
import type { CommandDefinition, Register } from './execute.ts';
import { duplicateReviewThreshold } from './register-person.ts';

export interface IntakeRow {
  readonly person: RegisterPerson;
  readonly admission: Omit<AdmitPerson, 'person_id' | 'expected_version'>;
}

export interface IntakeBatch {
  readonly rows: readonly IntakeRow[];
}

/** What the batch did, and each row's likely duplicates. */
export interface IntakeBatchResult {
  readonly persons: number;
  readonly events: number;
  /** One entry per row, in the order of the rows. */
  readonly rows: readonly IntakeRowResult[];
}

export interface IntakeRowResult {
  readonly person_id: string;
  /** Records (on the register or earlier in the batch) that may be the same person, best first. */
  readonly possible_duplicates: readonly DuplicateCandidate[];
}

interface IntakeState {
  readonly facilities: Map<string, Facility>;
  /** Per row, in the order of the rows. */
  readonly duplicates: readonly (readonly DuplicateCandidate[])[];
}

/** Candidates shown per row, as for a single registration. */
const shown = 5;

/** Each row's duplicate candidates. Without an identity index there are none, as for a single registration. */
async function findDuplicates(tx: Queryable, input: IntakeBatch, register: Register): Promise<DuplicateCandidate[][]> {
  if (!register.identity) return input.rows.map(() => []);
  const identity = register.identity;
  const found = await timed(register.stages, 'load: duplicate search', () => identity.searchBatch(input.rows.map((r) => r.person), shown, tx));
  return found.map((candidates) => candidates.map((c) => ({ person_id: c.id, score: c.score, explanation: c.explanation ?? null })));
}

/** Kinds in the order a batch writes them: each person's events stay in order. */
const phase: Record<string, number> = { 'person.registered': 0, 'person.admitted': 1 };

export const intakeBatch: CommandDefinition<IntakeBatch, IntakeState, IntakeBatchResult> = {
  kind: 'intake-batch',
  async lock(tx, input) {
    await lockFacilities(tx, [...new Set(input.rows.map((r) => r.admission.facility_id))].sort());
  },
  async load(tx, input, register) {
    const facilities = await loadFacilities(tx, [...new Set(input.rows.map((r) => r.admission.facility_id))]);
    return { facilities, duplicates: await findDuplicates(tx, input, register) };
  },
  decide({ facilities, duplicates }, input, ctx) {
    const occupancy = new Map([...facilities].map(([id, f]) => [id, { ...f.occupancy }]));
    const events: NewEvent[] = [];
    for (const [i, row] of input.rows.entries()) {
      const registered = decideRegistration(row.person, ctx);
      if (isRejection(registered)) return { ...registered, field: `/rows/${i}/person${registered.field ?? ''}` };
      const person: Person = {
        id: row.person.person_id,
        register_number: row.person.register_number,
        details: row.person,
        names: row.person.names,
        custody: { status: 'registered', facility_id: null, unit_id: null, legal_status: null, category: null },
        frozen: false,
        merged_into: null,
        version: 1,
      };
      const known = facilities.get(row.admission.facility_id);
      const facility = known ? { ...known, occupancy: occupancy.get(known.id)! } : null;
      const admitted = decideAdmission(person, facility, { ...row.admission, person_id: person.id }, ctx, can(ctx.role, 'custody.override_capacity'));
      if (isRejection(admitted)) return { ...admitted, field: `/rows/${i}/admission${admitted.field ?? ''}` };
      const category = (admitted[0] as NewEvent<'person.admitted'>).data.category;
      occupancy.get(row.admission.facility_id)![category] = (occupancy.get(row.admission.facility_id)![category] ?? 0) + 1;
      const suspected = suspectDuplicates(person.id, (duplicates[i] ?? []).filter((c) => c.score >= duplicateReviewThreshold()), ctx);
      events.push(...registered, ...admitted, ...suspected);
    }
    // A stable sort by phase groups like kinds together, so projections apply set-based.
    return events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => (phase[a.e.kind] ?? 2) - (phase[b.e.kind] ?? 2) || a.i - b.i)
      .map(({ e }) => e);
  },
  respond: (events, input, { duplicates }) => ({
    persons: input.rows.length,
    events: events.length,
    rows: input.rows.map((r, i) => ({ person_id: r.person.person_id, possible_duplicates: duplicates[i] ?? [] })),
  }),
};
