/**
 * Consular notification of a foreign national's detention (VCCR art. 36(1)(b), BP16(2),
 * STANDARDS C; issue 15): the person is told, without delay, of their right to have the
 * consular post of their state informed; their wish is recorded — they ask for it, or they
 * refuse it, in their words; the post is informed without delay when they ask, or always when
 * the state's policy makes notification mandatory by treaty (a refusal is then recorded but
 * does not stop it); and the fact is kept: when it was sent, through which channel, to which
 * post, under which reference, by whom.
 *
 * One record per person and state of nationality, entered from the person's repatriation case
 * for that state. The deadline is the one the register set when it learned of the foreign
 * nationality — the admission's (or the arrival's) `notify_consular_post` task, still open —
 * or, without such a task, `consularNotificationHours` after the person was told. Its clock is
 * a response clock (response-clock.ts): running, due soon, met, met late, breached. A refusal
 * respected, or the notification sent, completes the open task.
 *
 * Refused by name, nothing written: a notification sent before the person was told of their
 * right and their wish recorded where the state's policy is "on request" (`rights_not_told`: the
 * post is informed only if the person asks), or against their refusal under that policy
 * (`notification_refused`). Where notification is mandatory, neither the person's wish nor their
 * being told first stands in its way: the post may be informed at once (the admission's task is
 * its deadline), and the person is still told of their right afterwards.
 */
import { checkInstant } from './case.ts';
import { filled, hoursAfter, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData, type NewEvent } from './events.ts';
import type { Person } from './person.ts';
import { reject } from './rejection.ts';
import { requestChannels, type RequestChannel } from './repatriation.ts';
import { responseClockStatus, type ResponseClockStatus } from './response-clock.ts';
import { registerState, type ConsularNotificationPolicy, type StateProfile } from './state-profile.ts';

export const consularWishes = ['requests', 'refuses'] as const;
export type ConsularWish = (typeof consularWishes)[number];

/** The person's consular notification for one state, as its events fold it. */
export interface ConsularNotification {
  readonly person_id: string;
  readonly state: string;
  /** The state's policy when the person was told (the one the decision applied). */
  readonly policy: ConsularNotificationPolicy;
  /** Null when a mandatory notification was sent before the person was told of their right. */
  readonly told: { readonly told_at: string; readonly language: string; readonly told_by: string } | null;
  readonly wish: ConsularWish | null;
  /** The refusal in the person's words (null when they ask). */
  readonly statement: string | null;
  /** When the post must have been informed; null when nothing is owed (a refusal respected). */
  readonly due_at: string | null;
  /** The follow-up task this notification answers, if any. */
  readonly task_id: string | null;
  readonly sent: { readonly sent_at: string; readonly channel: RequestChannel; readonly post: string; readonly reference: string; readonly sent_by: string } | null;
}

/** An open `notify_consular_post` task of the person, as the decisions see it. */
export interface OpenConsularTask {
  readonly task_id: string;
  readonly due_at: string;
}

export interface ConsularSubject {
  readonly person: Person | null;
  /** The state the notification concerns (the repatriation case's). */
  readonly state: string;
  readonly profile: StateProfile | null;
  readonly record: ConsularNotification | null;
  /** The person's oldest open consular-notification task, if any. */
  readonly openTask: OpenConsularTask | null;
}

type Ctx = DecisionContext & { readonly actor: string };

/** Nationalities other than the register's own, statelessness and unknown. */
const foreignStates = (person: Person) => person.details.nationalities.filter((n) => n !== registerState && n !== 'stateless' && n !== 'unknown');

/** Whether the post is owed a notification: the person asks, or the state's policy makes it mandatory. */
export function notificationOwed(policy: ConsularNotificationPolicy, wish: ConsularWish): boolean {
  return wish === 'requests' || policy === 'mandatory';
}

export interface TellConsularRights {
  readonly told_at: string;
  /** The language the person was told in. */
  readonly language: string;
  readonly wish: ConsularWish;
  /** With a refusal: the person's words. */
  readonly statement?: string;
}

/**
 * Record that the person was told of their right and what they wish. Told again later (they
 * refused, then asked), the new wish stands; once the post was informed, nothing is told again —
 * except to a person not yet told, when a mandatory notification went first (nothing is owed then).
 */
export function decideTellConsularRights(subject: ConsularSubject, input: TellConsularRights, ctx: Ctx): Decision {
  const { person, state, profile, record } = subject;
  if (!person) return reject('not_found', 'no repatriation case with this id', '/case_id');
  if (person.frozen) return reject('record_frozen', 'the record is frozen as evidence after a death (MR71)', '/case_id');
  if (!person.details.nationalities.includes(state)) return reject('invalid_value', `the person's record holds no nationality of ${state}`, '/case_id');
  if (!profile) return reject('not_found', `no profile is recorded for ${state}: its consular-notification policy is not known`, '/case_id');
  if (record?.sent && record.told) return reject('invalid_transition', `the consular post of ${state} was informed on ${record.sent.sent_at}`, '/wish');
  const bad =
    checkInstant(input.told_at, '/told_at', ctx.now) ??
    (filled(input.language) ? null : reject('missing_item', 'give the language the person was told in', '/language')) ??
    (consularWishes.includes(input.wish) ? null : reject('invalid_value', `wish is one of: ${consularWishes.join(', ')}`, '/wish')) ??
    (input.wish === 'refuses' && !filled(input.statement) ? reject('missing_item', 'record the refusal in the person’s words', '/statement') : null) ??
    (input.wish === 'requests' && filled(input.statement) ? reject('invalid_value', 'a statement is recorded with a refusal', '/statement') : null);
  if (bad) return bad;
  // Informed already (a mandatory notification before the person was told): nothing more is owed.
  const owed = !record?.sent && notificationOwed(profile.consular_notification, input.wish);
  const task = subject.openTask;
  const events: NewEvent[] = [];
  let taskId: string | null = task?.task_id ?? null;
  let tasks: EventData['consular.rights_told']['tasks'] = [];
  let dueAt: string | null = null;
  if (owed) {
    if (task) dueAt = task.due_at;
    else {
      dueAt = hoursAfter(input.told_at > ctx.now ? ctx.now : input.told_at, ctx.deadlines.consularNotificationHours);
      taskId = ctx.newId();
      tasks = [{ task_id: taskId, task: 'notify_consular_post', reason: `consular post of ${state} (VCCR 36)`, due_at: dueAt }];
    }
  }
  events.push(
    newEvent('consular.rights_told', person.id, input.told_at, {
      state,
      policy: profile.consular_notification,
      told_at: input.told_at,
      language: input.language.trim(),
      told_by: ctx.actor,
      wish: input.wish,
      statement: input.wish === 'refuses' ? input.statement!.trim() : null,
      due_at: dueAt,
      task_id: owed ? taskId : null,
      tasks,
    }),
  );
  // A refusal respected answers the task the admission opened, when this was its only foreign state.
  if (!owed && !record?.sent && task && foreignStates(person).length === 1) {
    events.push(newEvent('person.task_completed', person.id, input.told_at, { task_id: task.task_id, outcome: `the person refused to have the consular post of ${state} informed (VCCR 36(1)(b)); the refusal is respected`, done_by: ctx.actor }));
  }
  return events;
}

export interface SendConsularNotification {
  readonly sent_at: string;
  readonly channel: RequestChannel;
  /** The consular post informed. */
  readonly post: string;
  readonly reference: string;
}

/**
 * Record that the consular post was informed: under "on request", refused before the person was
 * told, or against their refusal; under a mandatory policy, whether or not they were told first
 * and whatever they wished.
 */
export function decideSendConsularNotification(subject: ConsularSubject & { readonly taskOpen: boolean }, input: SendConsularNotification, ctx: Ctx): Decision {
  const { person, state, record } = subject;
  if (!person) return reject('not_found', 'no repatriation case with this id', '/case_id');
  if (person.frozen) return reject('record_frozen', 'the record is frozen as evidence after a death (MR71)', '/case_id');
  if (!record) {
    if (subject.profile?.consular_notification !== 'mandatory') {
      return reject('rights_not_told', `the person has not been told of their right to have the consular post of ${state} informed: tell them and record their wish first (VCCR 36(1)(b))`, '/case_id');
    }
    return sendMandatory(subject, person, input, ctx);
  }
  if (record.sent) return reject('duplicate', `the consular post of ${state} was informed on ${record.sent.sent_at}`, '/case_id');
  if (!record.wish || !notificationOwed(record.policy, record.wish)) {
    return reject('notification_refused', `the person refused to have the consular post of ${state} informed, and ${state}'s policy is notification on request: the refusal is respected`, '/case_id');
  }
  const told = record.told;
  const bad =
    checkSending(input, ctx) ??
    (told && Date.parse(input.sent_at) < Date.parse(told.told_at) ? reject('invalid_value', `sent_at is before the person was told of their right (${told.told_at})`, '/sent_at') : null);
  if (bad) return bad;
  const events: NewEvent[] = [
    newEvent('consular.notification_sent', person.id, input.sent_at, { state, sent_at: input.sent_at, channel: input.channel, post: input.post.trim(), reference: input.reference.trim(), sent_by: ctx.actor }),
  ];
  if (record.task_id && subject.taskOpen) events.push(taskDone(person, record.task_id, state, input, ctx));
  return events;
}

function checkSending(input: SendConsularNotification, ctx: Ctx) {
  return (
    checkInstant(input.sent_at, '/sent_at', ctx.now) ??
    (requestChannels.includes(input.channel) ? null : reject('invalid_value', `channel is one of: ${requestChannels.join(', ')}`, '/channel')) ??
    (filled(input.post) ? null : reject('missing_item', 'name the consular post informed', '/post')) ??
    (filled(input.reference) ? null : reject('missing_item', 'give the reference of the notification', '/reference'))
  );
}

const taskDone = (person: Person, taskId: string, state: string, input: SendConsularNotification, ctx: Ctx) =>
  newEvent('person.task_completed', person.id, input.sent_at, { task_id: taskId, outcome: `consular post of ${state} informed: ${input.post.trim()}, ${input.reference.trim()}`, done_by: ctx.actor });

/** A notification the state's policy makes mandatory, sent before the person was told: its deadline is the open task's, which it answers. */
function sendMandatory(subject: ConsularSubject, person: Person, input: SendConsularNotification, ctx: Ctx): Decision {
  const bad = checkSending(input, ctx);
  if (bad) return bad;
  const task = subject.openTask;
  return [
    newEvent('consular.notification_sent', person.id, input.sent_at, {
      state: subject.state,
      sent_at: input.sent_at,
      channel: input.channel,
      post: input.post.trim(),
      reference: input.reference.trim(),
      sent_by: ctx.actor,
      untold: { policy: 'mandatory', due_at: task?.due_at ?? null, task_id: task?.task_id ?? null },
    }),
    ...(task ? [taskDone(person, task.task_id, subject.state, input, ctx)] : []),
  ];
}

export type ConsularEventKind = 'consular.rights_told' | 'consular.notification_sent';

/** The record after one of its events. */
export function evolveConsularNotification(prior: ConsularNotification | null, e: { readonly kind: ConsularEventKind; readonly person_id: string | null; readonly data: EventData[ConsularEventKind] }): ConsularNotification {
  if (e.kind === 'consular.rights_told') {
    const d = e.data as EventData['consular.rights_told'];
    const told = { told_at: d.told_at, language: d.language, told_by: d.told_by };
    // Told after a mandatory notification went: the notification, its deadline and task stand.
    if (prior?.sent) return { ...prior, told, wish: d.wish, statement: d.statement };
    return { person_id: e.person_id!, state: d.state, policy: d.policy, told, wish: d.wish, statement: d.statement, due_at: d.due_at, task_id: d.task_id, sent: null };
  }
  const d = e.data as EventData['consular.notification_sent'];
  const sent = { sent_at: d.sent_at, channel: d.channel, post: d.post, reference: d.reference, sent_by: d.sent_by };
  if (prior) return { ...prior, sent };
  if (!d.untold) throw new Error('consular.notification_sent before the person was told, under a policy that is not mandatory');
  return { person_id: e.person_id!, state: d.state, policy: d.untold.policy, told: null, wish: null, statement: null, due_at: d.untold.due_at, task_id: d.untold.task_id, sent };
}

/** The notification's clock at `now`, or null when nothing is owed. */
export function consularClock(record: ConsularNotification, now: string, alertHours: number): { readonly status: ResponseClockStatus; readonly due: string } | null {
  if (record.due_at === null) return null;
  return { status: responseClockStatus(record.due_at, record.sent?.sent_at ?? null, now, alertHours), due: record.due_at };
}
