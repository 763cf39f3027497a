/** The custody-life forms: their controls, and the API bodies they post. */
import { instant, trimmed, whole } from '../cases/forms.ts';

type Values = Record<string, string>;

export const assessControls = ['/category', '/risk', '/reasons', '/assessed_at', '/review_due'];
export const assessBody = (v: Values) => ({
  category: trimmed(v, '/category'),
  risk: trimmed(v, '/risk'),
  reasons: trimmed(v, '/reasons'),
  assessed_at: instant(v, '/assessed_at'),
  review_due: instant(v, '/review_due'),
});

export const chargeControls = ['/offence', '/act', '/act_at', '/charged_at'];
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
  appeal: { controls: ['/appellant', '/grounds', '/lodged_at'], body: (v: Values) => ({ appellant: trimmed(v, '/appellant'), grounds: trimmed(v, '/grounds'), lodged_at: instant(v, '/lodged_at') }) },
  'appeal-decision': { controls: ['/outcome', '/reasons', '/decided_at'], body: (v: Values) => ({ outcome: trimmed(v, '/outcome'), reasons: trimmed(v, '/reasons'), decided_at: instant(v, '/decided_at') }) },
} as const;
export type Step = keyof typeof stepForms;
