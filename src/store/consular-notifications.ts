/**
 * Consular notifications as the domain sees them (consular-notification.ts): one row per person
 * and state, its record as its events fold it. The events are on the person's chain, so the
 * commands lock the person's row.
 */
import { evolveConsularNotification, type ConsularEventKind, type ConsularNotification, type ConsularSubject, type OpenConsularTask } from '../domain/consular-notification.ts';
import type { EventData, LoggedEvent } from '../domain/events.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';
import { loadStateProfile, loadRepatriation } from './repatriations.ts';
import { loadPersons } from './subjects.ts';

/** Fold one consular event into its row (projections.ts applies them in log order). */
export async function applyConsularEvent(tx: Queryable, e: LoggedEvent): Promise<void> {
  const state = (e.data as { state: string }).state;
  // Told again, or told after a mandatory notification went: the record as it stands folds on.
  const prior = await loadConsularNotification(tx, e.person_id!, state);
  const next = evolveConsularNotification(prior, { kind: e.kind as ConsularEventKind, person_id: e.person_id, data: e.data as unknown as EventData[ConsularEventKind] });
  await tx.query(
    `INSERT INTO consular_notification (person_id, state, due_at, sent_at, record, updated_idx) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
     ON CONFLICT (person_id, state) DO UPDATE SET due_at = EXCLUDED.due_at, sent_at = EXCLUDED.sent_at, record = EXCLUDED.record, updated_idx = EXCLUDED.updated_idx`,
    [next.person_id, next.state, next.due_at, next.sent?.sent_at ?? null, JSON.stringify(next), e.idx],
  );
}

/** The person's consular notification for a state, or null. */
export async function loadConsularNotification(q: Queryable, personId: string, state: string): Promise<ConsularNotification | null> {
  if (!isUuid(personId)) return null;
  const { rows } = await q.query<{ record: ConsularNotification }>('SELECT record FROM consular_notification WHERE person_id = $1 AND state = $2', [personId, state]);
  return rows[0]?.record ?? null;
}

/** The person's oldest open consular-notification task, if any. */
async function openConsularTask(q: Queryable, personId: string): Promise<OpenConsularTask | null> {
  const { rows } = await q.query<{ task_id: string; due_at: Date | string }>(
    `SELECT id AS task_id, due_at FROM task WHERE person_id = $1 AND kind = 'notify_consular_post' AND status = 'open' ORDER BY due_at, opened_idx LIMIT 1`,
    [personId],
  );
  const r = rows[0];
  return r ? { task_id: r.task_id, due_at: new Date(r.due_at).toISOString() } : null;
}

/** Whether a task is still open. */
async function taskOpen(q: Queryable, taskId: string | null): Promise<boolean> {
  if (!taskId) return false;
  const { rows } = await q.query('SELECT 1 FROM task WHERE id = $1 AND status = $2', [taskId, 'open']);
  return rows.length > 0;
}

/** What a consular decision is given, from the repatriation case it is entered on (its person and its state). */
export async function loadConsularSubject(q: Queryable, caseId: string): Promise<ConsularSubject & { readonly taskOpen: boolean }> {
  const found = await loadRepatriation(q, caseId);
  if (!found) return { person: null, state: '', profile: null, record: null, openTask: null, taskOpen: false };
  const person = (await loadPersons(q, [found.person_id])).get(found.person_id) ?? null;
  const record = await loadConsularNotification(q, found.person_id, found.state);
  return {
    person,
    state: found.state,
    profile: await loadStateProfile(q, found.state),
    record,
    openTask: await openConsularTask(q, found.person_id),
    taskOpen: await taskOpen(q, record?.task_id ?? null),
  };
}
