/**
 * Intake of many people at once — a handover list at a facility gate: each row registers a
 * person and admits them. All-or-nothing: one refused row refuses the batch, and the
 * rejection names the row and the field.
 */
import { decideAdmission, type AdmitPerson } from '../domain/admission.ts';
import type { NewEvent } from '../domain/events.ts';
import type { Facility } from '../domain/facility.ts';
import { can } from '../domain/permissions.ts';
import { decideRegistration, type Person, type RegisterPerson } from '../domain/person.ts';
import { isRejection } from '../domain/rejection.ts';
import { loadFacilities, lockFacilities } from '../store/subjects.ts';
import type { CommandDefinition } from './execute.ts';

export interface IntakeRow {
  readonly person: RegisterPerson;
  readonly admission: Omit<AdmitPerson, 'person_id' | 'expected_version'>;
}

export interface IntakeBatch {
  readonly rows: readonly IntakeRow[];
}

/** Kinds in the order a batch writes them: each person's events stay in order. */
const phase: Record<string, number> = { 'person.registered': 0, 'person.admitted': 1 };

export const intakeBatch: CommandDefinition<IntakeBatch, Map<string, Facility>, { persons: number; events: number }> = {
  kind: 'intake-batch',
  async lock(tx, input) {
    await lockFacilities(tx, [...new Set(input.rows.map((r) => r.admission.facility_id))].sort());
  },
  load: (tx, input) => loadFacilities(tx, [...new Set(input.rows.map((r) => r.admission.facility_id))]),
  decide(facilities, input, ctx) {
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
      events.push(...registered, ...admitted);
    }
    // A stable sort by phase groups like kinds together, so projections apply set-based.
    return events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => (phase[a.e.kind] ?? 2) - (phase[b.e.kind] ?? 2) || a.i - b.i)
      .map(({ e }) => e);
  },
  respond: (events, input) => ({ persons: input.rows.length, events: events.length }),
};
