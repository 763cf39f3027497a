/**
 * The custody-life forms: their controls, the API bodies they post, and — for the assessment
 * and the charge — every mistake the form can see, each at its control, found before anything
 * is sent (the API's refusal of what only it can judge still lands at its control).
 */
import { instant, trimmed, whole } from '../cases/forms.ts';
import { dateProblemMessage, readDateTime } from '../../form-dates.ts';
import type { Translator } from '../../i18n.ts';
import { riskLevels, securityCategories } from '../../../domain/classification.ts';

type Values = Record<string, string>;

/** The mistakes a form can see: an empty or unknown choice, empty text, a date and time that is none. */
function formMistakes(t: Translator, v: Values, checks: readonly { name: string; label: string; kind: 'choice' | 'text' | 'datetime'; among?: readonly string[] }[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const c of checks) {
    const value = trimmed(v, c.name);
    if (c.kind === 'datetime') {
      const read = readDateTime(value);
      if (!read.ok) errors.set(c.name, dateProblemMessage(t, c.label, read.problem, true));
    } else if (!value || (c.among && !c.among.includes(value))) errors.set(c.name, t('form.missing', { field: c.label }));
  }
  return errors;
}

/** The first instant comes after the second (both read as the register's local time). */
const after = (v: Values, later: string, earlier: string) => {
  const [a, b] = [readDateTime(trimmed(v, later)), readDateTime(trimmed(v, earlier))];
  return !a.ok || !b.ok || a.iso > b.iso;
};

export const assessControls = ['/category', '/risk', '/reasons', '/assessed_at', '/review_due'];
export const assessBody = (v: Values) => ({
  category: trimmed(v, '/category'),
  risk: trimmed(v, '/risk'),
  reasons: trimmed(v, '/reasons'),
  assessed_at: instant(v, '/assessed_at'),
  review_due: instant(v, '/review_due'),
});

/** Every mistake the assessment form can see: category, risk, reasons, both dates, and the review after the assessment (MR94). */
export function assessMistakes(t: Translator, v: Values): Map<string, string> {
  const errors = formMistakes(t, v, [
    { name: '/category', label: t('custody_life.category'), kind: 'choice', among: securityCategories },
    { name: '/risk', label: t('custody_life.risk'), kind: 'choice', among: riskLevels },
    { name: '/reasons', label: t('custody_life.reasons'), kind: 'text' },
    { name: '/assessed_at', label: t('custody_life.assessed_at'), kind: 'datetime' },
    { name: '/review_due', label: t('custody_life.review_due'), kind: 'datetime' },
  ]);
  if (!errors.has('/review_due') && !after(v, '/review_due', '/assessed_at')) errors.set('/review_due', t('custody_life.review_after_assessment'));
  return errors;
}

export const chargeControls = ['/offence', '/act', '/act_at', '/charged_at'];

/** Every mistake the charge form can see: the offence, the act, both dates, and the charge after the act. */
export function chargeMistakes(t: Translator, v: Values): Map<string, string> {
  const errors = formMistakes(t, v, [
    { name: '/offence', label: t('custody_life.offence'), kind: 'choice' },
    { name: '/act', label: t('custody_life.act'), kind: 'text' },
    { name: '/act_at', label: t('custody_life.act_at'), kind: 'datetime' },
    { name: '/charged_at', label: t('custody_life.charged_at'), kind: 'datetime' },
  ]);
  if (!errors.has('/charged_at') && !errors.has('/act_at') && after(v, '/act_at', '/charged_at')) errors.set('/charged_at', t('custody_life.charged_after_act'));
  return errors;
}
export const chargeBody = (v: Values) => ({ offence: trimmed(v, '/offence'), act: trimmed(v, '/act'), act_at: instant(v, '/act_at'), charged_at: instant(v, '/charged_at') });

/** The steps on one classification or disciplinary case: the form's controls and the API body it posts. */
export const stepForms = {
  contest: { controls: ['/contestant', '/grounds', '/lodged_at'], body: (v: Values) => ({ contestant: trimmed(v, '/contestant'), grounds: trimmed(v, '/grounds'), lodged_at: instant(v, '/lodged_at') }) },
  'contest-decision': { controls: ['/outcome', '/reasons', '/decided_at'], body: (v: Values) => ({ outcome: trimmed(v, '/outcome'), reasons: trimmed(v, '/reasons'), decided_at: instant(v, '/decided_at') }) },
  hearing: {
    controls: ['/held_at', '/detainee_statement', '/interpreter', '/counsel', '/finding', '/reasons'],
    body: (v: Values) => ({
      held_at: instant(v, '/held_at'),
      detainee_statement: trimmed(v, '/detainee_statement'),
      ...(trimmed(v, '/interpreter') ? { interpreter: trimmed(v, '/interpreter') } : {}),
      ...(trimmed(v, '/counsel') ? { counsel: trimmed(v, '/counsel') } : {}),
      finding: trimmed(v, '/finding'),
      reasons: trimmed(v, '/reasons'),
    }),
  },
  sanction: {
    controls: ['/kind', '/days', '/starts_at'],
    body: (v: Values) => ({ kind: trimmed(v, '/kind'), ...(trimmed(v, '/days') ? { days: whole(v['/days']) } : {}), starts_at: instant(v, '/starts_at') }),
  },
  'sanction-end': { controls: ['/ended_at', '/reason'], body: (v: Values) => ({ ended_at: instant(v, '/ended_at'), reason: trimmed(v, '/reason') }) },
  appeal: { controls: ['/appellant', '/grounds', '/lodged_at'], body: (v: Values) => ({ appellant: trimmed(v, '/appellant'), grounds: trimmed(v, '/grounds'), lodged_at: instant(v, '/lodged_at') }) },
  'appeal-decision': { controls: ['/outcome', '/reasons', '/decided_at'], body: (v: Values) => ({ outcome: trimmed(v, '/outcome'), reasons: trimmed(v, '/reasons'), decided_at: instant(v, '/decided_at') }) },
} as const;
export type Step = keyof typeof stepForms;
