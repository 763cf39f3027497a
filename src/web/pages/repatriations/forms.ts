/**
 * The repatriation pages' forms mapped to the API (src/api/routes/repatriations.ts): each
 * action on a case is one request under /api/repatriations/:id/, with its controls (named by
 * the JSON pointers they fill, so a refusal's field names its control), the permission it
 * needs, the states of the case it is offered in, and the body it sends. What was typed is
 * sent as typed: the API refuses it at its field.
 */
import { repatriationRisks } from '../../../domain/repatriation-assessment.ts';
import { repatriationTransitions, stateAnswers, type RepatriationStatus } from '../../../domain/repatriation.ts';
import type { Permission } from '../../../domain/permissions.ts';
import type { RepatriationCaseShown } from '../../../api/liaison.ts';
import { instant, trimmed } from '../cases/forms.ts';

type Values = Record<string, string>;

/**
 * Where the consular notification of the case's state stands: not yet told (`owed_untold` where
 * the state's policy makes it mandatory, so the post may be informed at once), owed and not sent,
 * refused (respected), sent (`sent_untold`: a mandatory notification went before the person was told).
 */
export type ConsularStanding = 'untold' | 'owed_untold' | 'owed' | 'refused' | 'sent' | 'sent_untold';

export function consularStanding(c: Pick<RepatriationCaseShown, 'consular' | 'consular_policy'>): ConsularStanding {
  const record = c.consular;
  if (!record) return c.consular_policy === 'mandatory' ? 'owed_untold' : 'untold';
  if (record.sent) return record.told ? 'sent' : 'sent_untold';
  return record.due_at === null ? 'refused' : 'owed';
}

export const repatriationActions = [
  'requests',
  'answers',
  'nationality-confirmation',
  'assessment',
  'review',
  'decision',
  'court-permissions',
  'return-refusal',
  'acceptance-withdrawal',
  'closure',
  'consular-rights',
  'consular-notification',
  'best-interests',
  'reminders',
  'escalation',
  'follow-ups',
  'family',
  'guardian',
] as const;
export type RepatriationAction = (typeof repatriationActions)[number];

/** An action on a case: who may take it, when it is offered, its controls and its body. */
export interface RepatriationActionForm {
  readonly name: RepatriationAction;
  readonly permission: Permission;
  /** Whether a case in this state (with these court blockers, its consular notification where it stands, the case as read) offers the action. */
  readonly offered: (status: RepatriationStatus, blockers: number, consular: ConsularStanding, minor: boolean, view: RepatriationCaseShown) => boolean;
  readonly controls: readonly string[];
  readonly body: (v: Values, state: string) => Record<string, unknown>;
}

const reaches = (...targets: RepatriationStatus[]) => (status: RepatriationStatus) => targets.some((to) => repatriationTransitions[status].includes(to));

const riskControls = repatriationRisks.flatMap((r) => [`/assessment/risks/${r}/finding`, `/assessment/risks/${r}/reasoning`]);
export const assessmentControls = [
  ...riskControls,
  '/assessment/heard/at',
  '/assessment/heard/summary',
  '/assessment/heard/counsel/name',
  '/assessment/heard/counsel/absent_reason',
  '/assessment/heard/interpreter/name',
  '/assessment/heard/interpreter/language',
  '/assessment/heard/interpreter/not_needed_reason',
  '/assessment/wishes/wish',
  '/assessment/wishes/statement',
];

/** The assessment as the API takes it: counsel by name, or why there was none; the interpreter and language, or why none was needed. */
function assessmentBody(v: Values) {
  const counselName = trimmed(v, '/assessment/heard/counsel/name');
  const interpreterName = trimmed(v, '/assessment/heard/interpreter/name');
  const interpreterLanguage = trimmed(v, '/assessment/heard/interpreter/language');
  return {
    assessment: {
      risks: Object.fromEntries(repatriationRisks.map((r) => [r, { finding: v[`/assessment/risks/${r}/finding`] ?? '', reasoning: trimmed(v, `/assessment/risks/${r}/reasoning`) }])),
      heard: {
        at: instant(v, '/assessment/heard/at'),
        summary: trimmed(v, '/assessment/heard/summary'),
        counsel: counselName ? { name: counselName } : { absent_reason: trimmed(v, '/assessment/heard/counsel/absent_reason') },
        interpreter: interpreterName || interpreterLanguage ? { name: interpreterName, language: interpreterLanguage } : { not_needed_reason: trimmed(v, '/assessment/heard/interpreter/not_needed_reason') },
      },
      wishes: { wish: v['/assessment/wishes/wish'] ?? '', statement: trimmed(v, '/assessment/wishes/statement') },
    },
  };
}

export const assuranceControls = ['/assurances/0/against', '/assurances/0/text', '/assurances/0/given_by', '/assurances/0/given_at', '/assurances/0/reference'];

/** The contacts after the return an approval sets: three controls on the form. */
export const followUpControls = [0, 1, 2].map((i) => `/follow_ups/${i}/due_at`);

/** The decision: an assurance is sent when any of its controls is filled in; the contacts up to the last one filled in, as typed (a blank among them is refused at its place). */
function decisionBody(v: Values) {
  const assured = assuranceControls.some((name) => trimmed(v, name));
  const last = followUpControls.findLastIndex((name) => trimmed(v, name));
  return {
    outcome: v['/outcome'] ?? '',
    ...(trimmed(v, '/reasons') ? { reasons: trimmed(v, '/reasons') } : {}),
    ...(last >= 0 ? { follow_ups: followUpControls.slice(0, last + 1).map((name) => ({ due_at: instant(v, name) })) } : {}),
    ...(assured
      ? {
          assurances: [
            {
              against: v['/assurances/0/against'] ?? '',
              text: trimmed(v, '/assurances/0/text'),
              given_by: trimmed(v, '/assurances/0/given_by'),
              given_at: instant(v, '/assurances/0/given_at'),
              reference: trimmed(v, '/assurances/0/reference'),
            },
          ],
        }
      : {}),
  };
}

export const bestInterestsControls = ['/assessed_at', '/official', '/arrangement', '/parent_case_id', '/guardian', '/reasoning', '/child_views'];

/** A child's best-interests assessment: the parent's case with a parent who travels, a guardian otherwise (what does not belong to the arrangement is not sent). */
function bestInterestsBody(v: Values) {
  const arrangement = v['/arrangement'] ?? '';
  return {
    assessed_at: instant(v, '/assessed_at'),
    official: trimmed(v, '/official'),
    arrangement,
    ...(arrangement === 'travels_with_parent' && trimmed(v, '/parent_case_id') ? { parent_case_id: trimmed(v, '/parent_case_id') } : {}),
    ...(arrangement !== 'travels_with_parent' && trimmed(v, '/guardian') ? { guardian: trimmed(v, '/guardian') } : {}),
    reasoning: trimmed(v, '/reasoning'),
    child_views: trimmed(v, '/child_views'),
  };
}

export const repatriationActionForms: readonly RepatriationActionForm[] = [
  {
    name: 'requests',
    permission: 'repatriation.manage',
    offered: reaches('request_sent'),
    controls: ['/sent_at', '/channel', '/reference'],
    body: (v) => ({ sent_at: instant(v, '/sent_at'), channel: v['/channel'] ?? '', reference: trimmed(v, '/reference') }),
  },
  {
    name: 'answers',
    permission: 'repatriation.answer',
    offered: reaches(...stateAnswers),
    controls: ['/answer', '/answered_at', '/reference', '/note'],
    body: (v) => ({ answer: v['/answer'] ?? '', answered_at: instant(v, '/answered_at'), reference: trimmed(v, '/reference') || null, note: trimmed(v, '/note') }),
  },
  {
    name: 'nationality-confirmation',
    permission: 'repatriation.answer',
    offered: reaches('nationality_confirmed'),
    controls: ['/confirmed_at', '/evidence', '/reference'],
    // The state is the case's own: a confirmation by another state is not this case's.
    body: (v, state) => ({ state, confirmed_at: instant(v, '/confirmed_at'), evidence: v['/evidence'] ?? '', reference: trimmed(v, '/reference') }),
  },
  { name: 'assessment', permission: 'repatriation.assess', offered: reaches('safeguards_assessed'), controls: assessmentControls, body: assessmentBody },
  {
    name: 'review',
    permission: 'repatriation.assess',
    offered: (status) => status === 'safeguards_assessed',
    controls: ['/outcome', '/notes'],
    body: (v) => ({ outcome: v['/outcome'] ?? '', notes: trimmed(v, '/notes') }),
  },
  { name: 'decision', permission: 'repatriation.decide', offered: reaches('approved', 'refused', 'suspended'), controls: ['/outcome', '/reasons', ...assuranceControls, ...followUpControls], body: decisionBody },
  {
    name: 'court-permissions',
    permission: 'case.decide',
    offered: (status, blockers) => status !== 'closed' && blockers > 0,
    controls: ['/court_case_id', '/reference', '/judge', '/issued_at'],
    body: (v) => ({ court_case_id: v['/court_case_id'] ?? '', reference: trimmed(v, '/reference'), judge: trimmed(v, '/judge'), issued_at: instant(v, '/issued_at') }),
  },
  {
    name: 'return-refusal',
    permission: 'repatriation.manage',
    offered: reaches('person_refused'),
    controls: ['/refused_at', '/statement'],
    body: (v) => ({ refused_at: instant(v, '/refused_at'), statement: trimmed(v, '/statement') }),
  },
  {
    name: 'acceptance-withdrawal',
    permission: 'repatriation.manage',
    offered: reaches('acceptance_withdrawn'),
    controls: ['/withdrawn_at', '/reference', '/note'],
    body: (v) => ({ withdrawn_at: instant(v, '/withdrawn_at'), reference: trimmed(v, '/reference'), note: trimmed(v, '/note') }),
  },
  {
    name: 'closure',
    permission: 'repatriation.manage',
    offered: reaches('closed'),
    controls: ['/reason', '/follow_up_waiver'],
    body: (v) => ({ reason: trimmed(v, '/reason'), ...(trimmed(v, '/follow_up_waiver') ? { follow_up_waiver: trimmed(v, '/follow_up_waiver') } : {}) }),
  },
  {
    name: 'consular-rights',
    permission: 'repatriation.manage',
    offered: (status, _blockers, consular) => status !== 'closed' && consular !== 'sent',
    controls: ['/told_at', '/language', '/wish', '/statement'],
    body: (v) => ({ told_at: instant(v, '/told_at'), language: trimmed(v, '/language'), wish: v['/wish'] ?? '', ...(trimmed(v, '/statement') ? { statement: trimmed(v, '/statement') } : {}) }),
  },
  {
    name: 'consular-notification',
    permission: 'repatriation.manage',
    offered: (status, _blockers, consular) => status !== 'closed' && (consular === 'owed' || consular === 'owed_untold'),
    controls: ['/sent_at', '/channel', '/post', '/reference'],
    body: (v) => ({ sent_at: instant(v, '/sent_at'), channel: v['/channel'] ?? '', post: trimmed(v, '/post'), reference: trimmed(v, '/reference') }),
  },
  {
    name: 'best-interests',
    permission: 'repatriation.assess',
    offered: (status, _blockers, _consular, minor) => minor && status !== 'closed' && status !== 'refused' && status !== 'person_refused' && status !== 'returned',
    controls: bestInterestsControls,
    body: (v) => bestInterestsBody(v),
  },
  {
    name: 'reminders',
    permission: 'repatriation.manage',
    offered: (status, _b, _c, _m, view) => (status === 'request_sent' || status === 'no_answer') && !view.answer_clock?.reminded,
    controls: ['/sent_at', '/channel', '/reference'],
    body: (v) => ({ sent_at: instant(v, '/sent_at'), channel: v['/channel'] ?? '', reference: trimmed(v, '/reference') }),
  },
  {
    name: 'escalation',
    permission: 'repatriation.manage',
    offered: (status, _b, _c, _m, view) => (status === 'request_sent' || status === 'no_answer') && !view.answer_clock?.escalated,
    controls: ['/escalated_at', '/to', '/reference', '/note'],
    body: (v) => ({ escalated_at: instant(v, '/escalated_at'), to: trimmed(v, '/to'), reference: trimmed(v, '/reference'), note: trimmed(v, '/note') }),
  },
  {
    name: 'follow-ups',
    permission: 'repatriation.manage',
    offered: (status) => status === 'returned' || status === 'followed_up',
    controls: ['/contacted_at', '/channel', '/contacted_by', '/person_reached', '/concerns_raised', '/concerns'],
    body: (v) => ({
      contacted_at: instant(v, '/contacted_at'),
      channel: v['/channel'] ?? '',
      contacted_by: trimmed(v, '/contacted_by'),
      person_reached: v['/person_reached'] ?? '',
      // Neither yes nor no chosen is sent as it came: the API names the field.
      concerns_raised: v['/concerns_raised'] === 'yes' ? true : v['/concerns_raised'] === 'no' ? false : (v['/concerns_raised'] ?? ''),
      ...(trimmed(v, '/concerns') ? { concerns: trimmed(v, '/concerns') } : {}),
    }),
  },
  {
    name: 'family',
    permission: 'repatriation.manage',
    offered: (status) => status !== 'closed',
    controls: ['/group', '/role', '/evidence', '/children'],
    body: (v) => {
      const children = trimmed(v, '/children').split(/[\s,،]+/).filter(Boolean);
      return { group: trimmed(v, '/group').toUpperCase(), role: v['/role'] ?? '', evidence: trimmed(v, '/evidence'), ...(children.length ? { children } : {}) };
    },
  },
  {
    name: 'guardian',
    permission: 'repatriation.assess',
    offered: (status, _b, _c, minor) => minor && status !== 'closed',
    controls: ['/name', '/relationship', '/contact', '/appointed_by', '/appointed_at'],
    body: (v) => ({ name: trimmed(v, '/name'), relationship: trimmed(v, '/relationship'), contact: trimmed(v, '/contact'), appointed_by: trimmed(v, '/appointed_by'), appointed_at: instant(v, '/appointed_at') }),
  },
];

export const openControls = ['/state', '/reason'];
