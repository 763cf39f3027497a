/**
 * Follow-up after a return (STANDARDS C; ICRC transfer guidance, ICPPED 16; issue 15): the
 * decision that approves a return sets the dates by which the person is to be contacted in the
 * state — the assurances are worth what their monitoring shows — and the return opens a task for
 * each (task.ts), due at its date, so a contact due and not made is an overdue follow-up on the
 * dashboard. Each contact is recorded: when, through which channel, who made it, whether the
 * person was seen or heard themself (or not reached), and the concerns raised. A contact that
 * reached the person makes the earliest contact still due; one that did not is recorded and
 * leaves it due. Once every contact is made the case is `followed_up` and may be closed; before,
 * it is closed only with the reason the follow-up cannot be completed (`follow_up_pending`).
 * On the case each contact is a response clock (response-clock.ts).
 */
import { checkInstant } from './case.ts';
import { filled } from './decision.ts';
import type { TaskOpened } from './events.ts';
import { reject, type Rejection } from './rejection.ts';
import { responseClockStatus, type ResponseClockStatus } from './response-clock.ts';

/** At most so many contacts are set by one decision. */
export const maxFollowUps = 12;

export const followUpChannels = ['home_visit', 'consular_visit', 'prison_visit', 'telephone', 'video_call', 'written_report', 'other'] as const;
export type FollowUpChannel = (typeof followUpChannels)[number];

/** Whether the contact reached the person themself: seen, heard (by telephone or video), or not reached. */
export const personReachedValues = ['seen', 'heard', 'not_reached'] as const;
export type PersonReached = (typeof personReachedValues)[number];

/** A contact the decision set: due by `due_at`. */
export interface FollowUpDue {
  readonly due_at: string;
}

/** A contact set by the decision, once the return opened its task: made when a contact reached the person. */
export interface ScheduledFollowUp {
  readonly due_at: string;
  readonly task_id: string;
  readonly made_at: string | null;
}

/** A contact after the return, as recorded. */
export interface FollowUpContact {
  readonly contacted_at: string;
  readonly channel: FollowUpChannel;
  /** Who made the contact: their name and the body they are of (the embassy, a monitor, the desk). */
  readonly contacted_by: string;
  readonly person_reached: PersonReached;
  /** The concerns raised, in the words given; null when none was raised. */
  readonly concerns: string | null;
}

/** A contact as given: the concerns with whether any was raised, so a blank is never "none". */
export interface FollowUpContactInput extends Omit<FollowUpContact, 'concerns'> {
  readonly concerns_raised: boolean;
  readonly concerns?: string;
}

/** What is wrong with the contacts an approval sets, or null: one at least, each after now and after the one before. */
export function checkFollowUpSchedule(followUps: readonly FollowUpDue[] | undefined, now: string): Rejection | null {
  if (!followUps?.length) {
    return reject('follow_up_required', 'an approval sets the dates by which the person is to be contacted after the return (STANDARDS C): give one at least', '/follow_ups');
  }
  if (followUps.length > maxFollowUps) return reject('invalid_value', `at most ${maxFollowUps} contacts`, '/follow_ups');
  for (const [i, f] of followUps.entries()) {
    const field = `/follow_ups/${i}/due_at`;
    const bad = checkInstant(f.due_at, field, now, true);
    if (bad) return bad;
    if (Date.parse(f.due_at) <= Date.parse(now)) return reject('invalid_value', 'a contact after the return is due after the decision', field);
    if (i > 0 && Date.parse(f.due_at) <= Date.parse(followUps[i - 1]!.due_at)) return reject('invalid_value', 'each contact is due after the one before it', field);
  }
  return null;
}

/** The tasks a return opens: one per contact the decision set, due at its date. */
export function followUpTasks(followUps: readonly FollowUpDue[], state: string, newId: () => string): TaskOpened[] {
  return followUps.map((f, i) => ({ task_id: newId(), task: 'repatriation_follow_up', reason: `contact ${i + 1} of ${followUps.length} after the return to ${state}, as the decision set`, due_at: f.due_at }));
}

/** The contacts set, with the tasks the return opened for them (in the same order). */
export function scheduleOf(followUps: readonly FollowUpDue[], tasks: readonly TaskOpened[] | undefined): ScheduledFollowUp[] {
  const opened = (tasks ?? []).filter((t) => t.task === 'repatriation_follow_up');
  return followUps.map((f, i) => ({ due_at: f.due_at, task_id: opened[i]?.task_id ?? '', made_at: null }));
}

/** The contacts still to be made, earliest first. */
export function pendingFollowUps(schedule: readonly ScheduledFollowUp[]): ScheduledFollowUp[] {
  return schedule.filter((f) => f.made_at === null);
}

/** What is wrong with a contact as given (after the return, not in the future), or null. */
export function checkFollowUpContact(input: FollowUpContactInput, returnedAt: string, now: string): Rejection | null {
  const when = checkInstant(input.contacted_at, '/contacted_at', now);
  if (when) return when;
  if (Date.parse(input.contacted_at) < Date.parse(returnedAt)) return reject('invalid_value', `contacted_at is before the return (${returnedAt})`, '/contacted_at');
  if (!followUpChannels.includes(input.channel)) return reject('invalid_value', `channel is one of: ${followUpChannels.join(', ')}`, '/channel');
  if (!filled(input.contacted_by)) return reject('missing_item', 'name who made the contact, and the body they are of', '/contacted_by');
  if (!personReachedValues.includes(input.person_reached)) return reject('invalid_value', `person_reached is one of: ${personReachedValues.join(', ')}`, '/person_reached');
  if (typeof input.concerns_raised !== 'boolean') return reject('invalid_value', 'concerns_raised is true or false', '/concerns_raised');
  if (input.concerns_raised && !filled(input.concerns)) return reject('missing_item', 'record the concerns raised, in the words given', '/concerns');
  if (!input.concerns_raised && filled(input.concerns)) return reject('invalid_value', 'concerns are recorded when concerns were raised', '/concerns');
  return null;
}

/** Each contact set, with its clock at `now`: met once a contact reached the person, by its date or late. */
export function followUpClocks(schedule: readonly ScheduledFollowUp[], now: string, alertHours: number): { readonly due: string; readonly made_at: string | null; readonly status: ResponseClockStatus }[] {
  return schedule.map((f) => ({ due: f.due_at, made_at: f.made_at, status: responseClockStatus(f.due_at, f.made_at, now, alertHours) }));
}
