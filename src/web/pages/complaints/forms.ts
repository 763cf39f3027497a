/** The complaint, allegation, freeze and own-file forms: their controls, and the API bodies they post. */
import { instant, trimmed } from '../cases/forms.ts';
import { redactionRows } from './views.ts';

type Values = Record<string, string>;

export const lodgeControls = ['/nature', '/complainant', '/complainant_name', '/subject', '/text', '/received_at', '/alleges_ill_treatment', '/confidential'];
export const lodgeBody = (v: Values) => ({
  nature: trimmed(v, '/nature'),
  complainant: trimmed(v, '/complainant'),
  ...(trimmed(v, '/complainant_name') ? { complainant_name: trimmed(v, '/complainant_name') } : {}),
  subject: trimmed(v, '/subject'),
  text: trimmed(v, '/text'),
  received_at: instant(v, '/received_at'),
  alleges_ill_treatment: v['/alleges_ill_treatment'] === 'yes',
  ...(v['/confidential'] === 'yes' ? { confidential: true } : {}),
});

export const answerControls = ['/answer', '/answered_at'];
export const answerBody = (v: Values) => ({ answer: trimmed(v, '/answer'), answered_at: instant(v, '/answered_at') });

export const allegationControls = ['/heard_from', '/account', '/heard_at'];
export const allegationBody = (v: Values) => ({ heard_from: trimmed(v, '/heard_from'), account: trimmed(v, '/account'), heard_at: instant(v, '/heard_at') });

export const acknowledgeControls = ['/reference'];
export const acknowledgeBody = (v: Values) => ({ reference: trimmed(v, '/reference') });

export const closeControls = ['/outcome', '/findings'];
export const closeBody = (v: Values) => ({ outcome: trimmed(v, '/outcome'), findings: trimmed(v, '/findings') });

export const freezeControls = ['/incident', '/occurred_at', '/description'];
export const freezeBody = (v: Values) => ({ incident: trimmed(v, '/incident'), occurred_at: instant(v, '/occurred_at'), description: trimmed(v, '/description') });

const redactionControls = (i: number) => [`/redactions/${i}/section`, `/redactions/${i}/what`, `/redactions/${i}/legal_basis`];
export const discloseControls = ['/request_id', '/recipient', '/counsel_name', ...Array.from({ length: redactionRows }, (_, i) => redactionControls(i)).flat()];

export const ownFileRequestControls = ['/requester', '/counsel_name', '/received_at'];
export const ownFileRequestBody = (v: Values) => ({
  requester: trimmed(v, '/requester'),
  ...(trimmed(v, '/counsel_name') ? { counsel_name: trimmed(v, '/counsel_name') } : {}),
  received_at: instant(v, '/received_at'),
});

/**
 * The own-file body: rows left empty are not sent; a row's index in the body is the row's
 * place among the filled ones, so `rowOf` maps an error back to the row on the form.
 */
export function discloseBody(v: Values) {
  const filled = Array.from({ length: redactionRows }, (_, i) => i).filter((i) => redactionControls(i).some((name) => trimmed(v, name) && !name.endsWith('/section')));
  return {
    body: {
      ...(trimmed(v, '/request_id') ? { request_id: trimmed(v, '/request_id') } : {}),
      recipient: trimmed(v, '/recipient'),
      ...(trimmed(v, '/counsel_name') ? { counsel_name: trimmed(v, '/counsel_name') } : {}),
      redactions: filled.map((i) => ({ section: trimmed(v, `/redactions/${i}/section`), what: trimmed(v, `/redactions/${i}/what`), legal_basis: trimmed(v, `/redactions/${i}/legal_basis`) })),
    },
    rowOf: (field: string | undefined) => field?.replace(/^\/(?:body\/)?redactions\/(\d+)/, (_m, n: string) => `/redactions/${filled[Number(n)] ?? n}`),
  };
}
