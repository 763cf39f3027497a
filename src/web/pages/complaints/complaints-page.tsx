/**
 * A person's requests and complaints, allegations of ill-treatment with their independent
 * referral, and records frozen as evidence with their corrections; a form for each action the
 * reader's role may take (each refusal shown at its control).
 */
import { responseClockTone } from '../../clocks-panel.tsx';
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, Checkbox, Input, Select, TextArea } from '../../components.tsx';
import { emptyForm, localNow, type FormState } from '../../forms.ts';
import type { View } from '../../view.ts';
import { ActionForm } from '../cases/action-form.tsx';
import { allegationOutcomes, allegationSources } from '../../../domain/allegation.ts';
import { complainants, complaintNatures, complaintSubjects } from '../../../domain/complaint.ts';
import { freezeIncidents } from '../../../domain/evidence-freeze.ts';
import { type AllegationView, type ComplaintForms, type PersonComplaints } from './views.ts';

const choices = (view: View, group: Parameters<View['t']['of']>[0], values: readonly string[]) => values.map((v) => [v, view.t.of(group, v as never)] as const);

/** Words as recorded; sealed words (a confidential complaint's, kept beside the log) that could not be opened say so. */
export function Words(props: { view: View; text: string | null }): Html {
  if (props.text !== null) return <bdi>{props.text}</bdi>;
  return <span class="muted">{props.view.t('complaints.words_unopened')}</span>;
}

export function AllegationForm(props: { view: View; personId: string; form: FormState; now: Date; open?: boolean }): Html {
  const { view, form } = props;
  const { t } = view;
  return (
    <ActionForm view={view} action={`/persons/${props.personId}/allegations`} title={t('complaints.record_allegation')} form={form} submit={t('complaints.record_allegation')} open={props.open}>
      <p class="hint">{t('complaints.allegation_hint')}</p>
      <div class="grid-3">
        <Select form={form} name="/heard_from" label={t('complaints.heard_from')} options={choices(view, 'allegation_source', allegationSources)} required />
        <Input form={form} name="/heard_at" type="datetime-local" label={t('complaints.heard_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
      </div>
      <TextArea form={form} name="/account" label={t('complaints.account')} rows={3} required />
    </ActionForm>
  );
}

function AllegationRow(props: { view: View; a: AllegationView; forms: ComplaintForms; personId: string }): Html {
  const { view, a } = props;
  const { t } = view;
  return (
    <tr>
      <td>{t.dateTime(a.heard_at)}</td>
      <td>{t.of('allegation_source', a.heard_from)}</td>
      <td>
        <Words view={view} text={a.account} />
        {a.complaint_id ? <div class="muted">{t('complaints.with_complaint')}</div> : null}
      </td>
      <td>
        <Badge tone={a.status === 'closed' ? 'ok' : 'warn'}>{t.of('allegation_status', a.status)}</Badge>
        {a.acknowledged ? (
          <div class="muted">
            {t('complaints.acknowledged_ref')} <bdi>{a.acknowledged.reference}</bdi>
          </div>
        ) : null}
        {a.closed ? (
          <div class="muted">
            {t.of('allegation_outcome', a.closed.outcome)}: <Words view={view} text={a.closed.findings} />
          </div>
        ) : null}
      </td>
      <td>
        {t.dateTime(a.escalate_at)} <Badge tone={responseClockTone[a.clock]}>{t.of('clock_status', a.clock)}</Badge>
      </td>
    </tr>
  );
}

/** The independent authority's forms on one referral: take it up, close it. */
export function ReferralForms(props: { view: View; a: AllegationView; forms: ComplaintForms; back: string }): Html | null {
  const { view, a } = props;
  const { t } = view;
  if (!view.can('allegation.refer') || a.status === 'closed') return null;
  const ack = props.forms[`acknowledge-${a.id}`] ?? { ...emptyForm, scope: `acknowledge-${a.id}` };
  const close = props.forms[`close-${a.id}`] ?? { ...emptyForm, scope: `close-${a.id}` };
  return (
    <>
      {a.status === 'referred' ? (
        <ActionForm view={view} action={`/allegations/${a.id}/acknowledge`} title={t('complaints.acknowledge')} form={ack} submit={t('complaints.acknowledge')}>
          <input type="hidden" name="_back" value={props.back} />
          <Input form={ack} name="/reference" label={t('complaints.reference')} required />
        </ActionForm>
      ) : null}
      <ActionForm view={view} action={`/allegations/${a.id}/close`} title={t('complaints.close_referral')} form={close} submit={t('complaints.close_referral')}>
        <input type="hidden" name="_back" value={props.back} />
        <Select form={close} name="/outcome" label={t('complaints.outcome')} options={choices(view, 'allegation_outcome', allegationOutcomes)} required />
        <TextArea form={close} name="/findings" label={t('complaints.findings')} rows={3} required />
      </ActionForm>
    </>
  );
}

export function AllegationsTable(props: { view: View; allegations: readonly AllegationView[]; forms: ComplaintForms; personId: string; back: string }): Html {
  const { t } = props.view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('complaints.heard_at')}</th>
            <th scope="col">{t('complaints.heard_from')}</th>
            <th scope="col">{t('complaints.account')}</th>
            <th scope="col">{t('complaints.referral')}</th>
            <th scope="col">{t('complaints.escalate_at')}</th>
          </tr>
        </thead>
        <tbody>
          {props.allegations.map((a) => (
            <>
              <AllegationRow view={props.view} a={a} forms={props.forms} personId={props.personId} />
              {props.view.can('allegation.refer') && a.status !== 'closed' ? (
                <tr>
                  <td colspan="5">
                    <ReferralForms view={props.view} a={a} forms={props.forms} back={props.back} />
                  </td>
                </tr>
              ) : null}
            </>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ComplaintsPage(props: { view: View; personId: string; data: PersonComplaints; forms: ComplaintForms; now: Date; notice?: string }): Html {
  const { view, data, forms, personId } = props;
  const { t } = view;
  const back = `/persons/${personId}/complaints`;
  const lodge = forms.lodge ?? { ...emptyForm, scope: 'lodge' };
  const freeze = forms.freeze ?? { ...emptyForm, scope: 'freeze' };
  // A refusal of a form the page does not show the reader — a referral's step, the answer to a complaint they may not see — is said at the top.
  const notShown = (form: string) => (/^(acknowledge|close)-/.test(form) && !view.can('allegation.refer')) || (/^answer-/.test(form) && !data.complaints.some((c) => `answer-${c.id}` === form));
  return (
    <>
      {props.notice ? (
        <p class="banner ok" role="status">
          {t.of('complaints_notice', props.notice as never)}
        </p>
      ) : null}
      {Object.entries(forms)
        .filter(([name, form]) => form.general.length > 0 && notShown(name))
        .map(([, form]) => (
          <p class="banner bad" role="alert">
            {form.general.join(' ')}
          </p>
        ))}
      {data.freezes.length ? (
        <p class="banner warn" role="status">
          {t('complaints.frozen_banner')}
        </p>
      ) : null}
      <section aria-labelledby="complaints-heading" id="complaints">
        <h2 id="complaints-heading">{t('complaints.complaints')}</h2>
        {data.complaints.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('complaints.received_at')}</th>
                  <th scope="col">{t('complaints.nature')}</th>
                  <th scope="col">{t('complaints.complainant')}</th>
                  <th scope="col">{t('complaints.text')}</th>
                  <th scope="col">{t('complaints.due_at')}</th>
                  <th scope="col">{t('complaints.answer')}</th>
                </tr>
              </thead>
              <tbody>
                {data.complaints.map((c) => {
                  const form = forms[`answer-${c.id}`] ?? { ...emptyForm, scope: `answer-${c.id}` };
                  return (
                    <tr>
                      <td>{t.dateTime(c.received_at)}</td>
                      <td>
                        {t.of('complaint_nature', c.nature)}
                        <div class="muted">{t.of('complaint_subject', c.subject)}</div>
                        {c.confidential ? <Badge tone="info">{t('complaints.confidential_badge')}</Badge> : null}
                      </td>
                      <td>
                        {t.of('complainant', c.complainant)}
                        {c.complainant_name ? (
                          <div class="muted">
                            <bdi>{c.complainant_name}</bdi>
                          </div>
                        ) : null}
                      </td>
                      <td>
                        <Words view={view} text={c.text} />
                        {c.allegation_id ? <div class="muted">{t('complaints.referred')}</div> : null}
                      </td>
                      <td>
                        {t.dateTime(c.due_at)} <Badge tone={responseClockTone[c.clock]}>{t.of('clock_status', c.clock)}</Badge>
                      </td>
                      <td>
                        {c.answer ? (
                          <>
                            <Words view={view} text={c.answer.text} />
                            <div class="muted">
                              {t.dateTime(c.answer.answered_at)} · <bdi>{view.official(c.answer.answered_by)}</bdi>
                            </div>
                          </>
                        ) : view.can('complaint.answer') && (!c.confidential || view.can('oversight.read')) ? (
                          <ActionForm view={view} action={`/complaints/${c.id}/answer`} title={t('complaints.give_answer')} form={form} submit={t('complaints.give_answer')}>
                            <input type="hidden" name="_person" value={personId} />
                            <TextArea form={form} name="/answer" label={t('complaints.answer')} rows={2} required />
                            <Input form={form} name="/answered_at" type="datetime-local" label={t('complaints.answered_at')} dir="ltr" value={localNow(props.now)} required />
                          </ActionForm>
                        ) : (
                          <span class="muted">{t('complaints.unanswered')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">{t('complaints.none')}</p>
        )}
        {view.can('complaint.record') ? (
          <ActionForm view={view} action={`/persons/${personId}/complaints`} title={t('complaints.lodge')} form={lodge} submit={t('complaints.lodge')}>
            <div class="grid-3">
              <Select form={lodge} name="/nature" label={t('complaints.nature')} options={choices(view, 'complaint_nature', complaintNatures)} required />
              <Select form={lodge} name="/complainant" label={t('complaints.complainant')} options={choices(view, 'complainant', complainants)} required />
              <Input form={lodge} name="/complainant_name" label={t('complaints.complainant_name')} hint={t('complaints.complainant_name_hint')} />
              <Select form={lodge} name="/subject" label={t('complaints.subject')} options={choices(view, 'complaint_subject', complaintSubjects)} required />
              <Input form={lodge} name="/received_at" type="datetime-local" label={t('complaints.received_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
            </div>
            <TextArea form={lodge} name="/text" label={t('complaints.text')} rows={3} required />
            <Checkbox form={lodge} name="/alleges_ill_treatment" label={t('complaints.alleges_ill_treatment')} />
            <Checkbox form={lodge} name="/confidential" label={t('complaints.confidential')} />
          </ActionForm>
        ) : null}
      </section>

      <section aria-labelledby="allegations-heading" id="allegations">
        <h2 id="allegations-heading">{t('complaints.allegations')}</h2>
        <p class="hint">{t('complaints.independent_only')}</p>
        {data.allegations.length ? <AllegationsTable view={view} allegations={data.allegations} forms={forms} personId={personId} back={back} /> : <p class="muted">{t('complaints.no_allegations')}</p>}
        {view.can('allegation.record') ? <AllegationForm view={view} personId={personId} form={forms.allegation ?? { ...emptyForm, scope: 'allegation' }} now={props.now} /> : null}
      </section>

      <section aria-labelledby="evidence-heading" id="evidence">
        <h2 id="evidence-heading">{t('complaints.evidence')}</h2>
        {data.freezes.length ? (
          <ul>
            {data.freezes.map((f) => (
              <li>
                <Badge tone="bad">{t.of('freeze_incident', f.incident)}</Badge> {t.dateTime(f.occurred_at)} · <bdi>{f.description}</bdi> · <bdi>{view.official(f.frozen_by)}</bdi>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('complaints.not_frozen')}</p>
        )}
        {data.corrections.length ? (
          <>
            <h3>{t('complaints.corrections')}</h3>
            <ul>
              {data.corrections.map((c) => (
                <li>
                  {t('complaints.correction_of')} <code dir="ltr">{c.corrects.slice(0, 8)}</code>: <bdi>{c.reason}</bdi> · <bdi>{view.official(c.recorded_by)}</bdi> · {t.dateTime(c.recorded_at)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {view.can('evidence.freeze') ? (
          <ActionForm view={view} action={`/persons/${personId}/evidence-freezes`} title={t('complaints.freeze')} form={freeze} submit={t('complaints.freeze')} danger>
            <p class="hint">{t('complaints.freeze_hint')}</p>
            <div class="grid-3">
              <Select form={freeze} name="/incident" label={t('complaints.incident')} options={choices(view, 'freeze_incident', freezeIncidents.filter((i) => i !== 'death'))} required />
              <Input form={freeze} name="/occurred_at" type="datetime-local" label={t('complaints.occurred_at')} dir="ltr" value={localNow(props.now)} required />
            </div>
            <TextArea form={freeze} name="/description" label={t('complaints.description')} rows={2} required />
          </ActionForm>
        ) : null}
      </section>
    </>
  );
}
