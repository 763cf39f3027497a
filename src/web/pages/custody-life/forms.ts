/** The custody-life forms: their controls, and the API bodies they post. */
import { instant, trimmed } from '../cases/forms.ts';

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
