/**
 * The legal clocks of every person as projections: `person_clock` holds each person's clock
 * events and folded history, `clock_deadline` the limits still pending, so that "who is held
 * without a valid order now" is one indexed query at any instant. Applied with every call's
 * events (incremental); `refreshClocks` folds every person again at start (full), and a replay
 * of the log rebuilds both, which `sijill check` compares with what is stored.
 *
 * The numbers of the rules are configuration: the process sets them once at start
 * (`useClockRules`); what is stored was folded with them, and a change of rules is taken up
 * by `refreshClocks` when the server starts.
 */
import { isDeepStrictEqual } from 'node:util';
import { applyRegisterEvent, clockReadKinds, emptyPersonClocks, evaluatePersonClocks, personDeadlines, refoldPersonClocks, type PersonClocks } from '../domain/clocks/person-clocks.ts';
import { defaultClockRules, type ClockRules } from '../domain/clocks/rules.ts';
import type { LoggedEvent } from '../domain/events.ts';
import type { Database, Queryable } from './database.ts';
import { localDay } from '../domain/local-day.ts';

let rules: ClockRules = defaultClockRules;

/** Set the rules this process folds clocks with (from configuration, before anything is written). */
export function useClockRules(configured: ClockRules): void {
  rules = configured;
}

export function clockRules(): ClockRules {
  return rules;
}

/** The register's local day of an instant (now by default), on the clocks' configured local time (domain/local-day.ts). */
export function registerDay(at: Date | string | number = new Date()): string {
  return localDay(at, rules.utcOffsetMinutes);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The rows of one person's clocks. */
function rows(personId: string, clocks: PersonClocks) {
  const last = clocks.history.lastAt;
  const closed = last === null ? 0 : (evaluatePersonClocks(clocks, last, rules)?.unlawful_periods.filter((p) => p.to !== null).length ?? 0);
  const deadlines = personDeadlines(clocks, rules).map((d) => ({ person_id: personId, rule: d.rule, due: iso(d.due), alert_from: iso(d.alertFrom), after_due: d.afterDue, since: iso(d.since) }));
  return { clock: { person_id: personId, in_custody: clocks.inCustody, clocks, closed_breaches: closed }, deadlines };
}

async function write(tx: Queryable, changed: Map<string, PersonClocks>): Promise<void> {
  const ids = [...changed.keys()];
  const built = ids.map((id) => rows(id, changed.get(id)!));
  await tx.query(
    `INSERT INTO person_clock (person_id, in_custody, clocks, closed_breaches)
     SELECT r.person_id, r.in_custody, r.clocks, r.closed_breaches FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, in_custody boolean, clocks jsonb, closed_breaches integer)
     ON CONFLICT (person_id) DO UPDATE SET in_custody = excluded.in_custody, clocks = excluded.clocks, closed_breaches = excluded.closed_breaches`,
    [JSON.stringify(built.map((b) => b.clock))],
  );
  await tx.query('DELETE FROM clock_deadline WHERE person_id = ANY($1::uuid[])', [ids]);
  const deadlines = built.flatMap((b) => b.deadlines);
  if (deadlines.length) {
    await tx.query(
      `INSERT INTO clock_deadline (person_id, rule, due, alert_from, after_due, since)
       SELECT r.person_id, r.rule, r.due, r.alert_from, r.after_due, r.since
         FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, rule text, due timestamptz, alert_from timestamptz, after_due text, since timestamptz)`,
      [JSON.stringify(deadlines)],
    );
  }
}

/** Apply a call's events to the clocks of the persons they are about. */
export async function applyClockEvents(tx: Queryable, events: readonly LoggedEvent[]): Promise<void> {
  const relevant = events.filter((e) => e.person_id !== null && clockReadKinds.has(e.kind));
  if (relevant.length === 0) return;
  const ids = [...new Set(relevant.map((e) => e.person_id!))];
  const { rows: stored } = await tx.query<{ person_id: string; clocks: PersonClocks }>('SELECT person_id, clocks FROM person_clock WHERE person_id = ANY($1::uuid[])', [ids]);
  const current = new Map(stored.map((r) => [r.person_id, r.clocks]));
  const changed = new Map<string, PersonClocks>();
  for (const event of relevant) {
    const before = changed.get(event.person_id!) ?? current.get(event.person_id!) ?? emptyPersonClocks;
    const after = applyRegisterEvent(before, event, rules);
    if (after !== before || !current.has(event.person_id!)) changed.set(event.person_id!, after);
  }
  if (changed.size) await write(tx, changed);
}

/** Fold every person's clocks again with this process's rules and store what changed; returns how many changed. */
export async function refreshClocks(db: Database, batch = 5000): Promise<number> {
  return db.transaction(async (tx) => {
    let changedCount = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const { rows: stored } = await tx.query<{ person_id: string; clocks: PersonClocks }>(
        'SELECT person_id, clocks FROM person_clock WHERE person_id > $1 ORDER BY person_id LIMIT $2 FOR UPDATE',
        [after, batch],
      );
      if (stored.length === 0) return changedCount;
      const changed = new Map<string, PersonClocks>();
      for (const { person_id, clocks } of stored) {
        const refolded = refoldPersonClocks(clocks, rules);
        if (!isDeepStrictEqual(refolded.history, clocks.history)) changed.set(person_id, refolded);
      }
      if (changed.size) await write(tx, changed);
      changedCount += changed.size;
      after = stored.at(-1)!.person_id;
    }
  });
}

