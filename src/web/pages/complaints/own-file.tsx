/** The detainee's own file (MR9): the copies given, and the form to give one with its redactions. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, Input, Select } from '../../components.tsx';
import { emptyForm, localNow, type FormState } from '../../forms.ts';
import { responseClockTone } from '../../clocks-panel.tsx';
import type { View } from '../../view.ts';
import { ActionForm } from '../cases/action-form.tsx';
import { ownFileRecipients, ownFileSections } from '../../../domain/own-file.ts';
import { redactionRows, type OwnFileDisclosure, type OwnFileRequestView } from './views.ts';

/** Every redaction of every copy given: what, from which part, the legal basis, who, when (the extract lists these too). */
export function WithheldTable(props: { view: View; disclosures: readonly OwnFileDisclosure[] }): Html {
  const { t } = props.view;
  const rows = props.disclosures.flatMap((d) => d.redactions.map((r) => ({ ...r, at: d.disclosed_at })));
  if (!rows.length) return <p class="muted">{t('own_file.nothing_withheld')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('own_file.section')}</th>
            <th scope="col">{t('own_file.what')}</th>
            <th scope="col">{t('own_file.legal_basis')}</th>
            <th scope="col">{t('own_file.redacted_by')}</th>
            <th scope="col">{t('own_file.given_at')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{t.of('own_file_section', r.section)}</td>
              <td>
                <bdi>{r.what}</bdi>
              </td>
              <td>
                <bdi>{r.legal_basis}</bdi>
              </td>
              <td>
                <bdi>{r.redacted_by}</bdi>
              </td>
              <td>{t.dateTime(r.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The requests for the file, each with its limit and clock, and the copy that answered it. */
function RequestsSection(props: { view: View; personId: string; requests: readonly OwnFileRequestView[]; form: FormState; now: Date }): Html {
  const { view, form } = props;
  const { t } = view;
  return (
    <section aria-labelledby="requests-heading" id="requests">
      <h2 id="requests-heading">{t('own_file.requests')}</h2>
      {props.requests.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('own_file.received_at')}</th>
                <th scope="col">{t('own_file.requester')}</th>
                <th scope="col">{t('own_file.due_at')}</th>
                <th scope="col">{t('own_file.answered_by')}</th>
              </tr>
            </thead>
            <tbody>
              {props.requests.map((r) => (
                <tr data-clock={r.clock}>
                  <td>{t.dateTime(r.received_at)}</td>
                  <td>
                    {t.of('own_file_recipient', r.requester)}
                    {r.counsel_name ? (
                      <>
                        {' '}
                        (<bdi>{r.counsel_name}</bdi>)
                      </>
                    ) : null}
                  </td>
                  <td>
                    {t.dateTime(r.due_at)} <Badge tone={responseClockTone[r.clock]}>{t.of('clock_status', r.clock)}</Badge>
                  </td>
                  <td>{r.disclosure_id ? <a href={`/print/persons/${props.personId}/own-file/${r.disclosure_id}`}>{t.dateTime(r.disclosed_at!)}</a> : <span class="muted">{t('own_file.not_answered')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{t('own_file.no_requests')}</p>
      )}
      <ActionForm view={view} action={`/persons/${props.personId}/own-file-requests`} title={t('own_file.record_request')} form={form} submit={t('own_file.record_request')}>
        <div class="grid-3">
          <Select form={form} name="/requester" label={t('own_file.requester')} options={ownFileRecipients.map((r) => [r, t.of('own_file_recipient', r)] as const)} required />
          <Input form={form} name="/counsel_name" label={t('own_file.counsel_name')} />
          <Input form={form} name="/received_at" type="datetime-local" label={t('own_file.received_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
        </div>
      </ActionForm>
    </section>
  );
}

export function OwnFilePage(props: { view: View; personId: string; disclosures: readonly OwnFileDisclosure[]; requests: readonly OwnFileRequestView[]; form: FormState; requestForm: FormState; now: Date }): Html {
  const { view, form, personId } = props;
  const { t } = view;
  const sections = ownFileSections.map((s) => [s, t.of('own_file_section', s)] as const);
  const open = props.requests.filter((r) => !r.disclosure_id);
  return (
    <>
      <p class="hint">{t('own_file.intro')}</p>
      <RequestsSection view={view} personId={personId} requests={props.requests} form={props.requestForm} now={props.now} />
      <section aria-labelledby="copies-heading">
        <h2 id="copies-heading">{t('own_file.copies')}</h2>
        {props.disclosures.length ? (
          <ul>
            {props.disclosures.map((d) => (
              <li>
                {t.dateTime(d.disclosed_at)} · {t.of('own_file_recipient', d.recipient)}
                {d.counsel_name ? (
                  <>
                    {' '}
                    (<bdi>{d.counsel_name}</bdi>)
                  </>
                ) : null}{' '}
                · {t('own_file.redactions_count', { count: d.redactions.length })} ·{' '}
                <a href={`/print/persons/${personId}/own-file/${d.id}`}>{t('own_file.print')}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('own_file.none')}</p>
        )}
      </section>
      <section aria-labelledby="withheld-heading">
        <h2 id="withheld-heading">{t('own_file.withheld')}</h2>
        <WithheldTable view={view} disclosures={props.disclosures} />
      </section>
      <ActionForm view={view} action={`/persons/${personId}/own-file`} title={t('own_file.give')} form={form} submit={t('own_file.give')} open>
        <div class="grid-3">
          <Select form={form} name="/request_id" label={t('own_file.answers_request')} blank={t('own_file.no_request')} options={open.map((r) => [r.id, `${t.dateTime(r.received_at)} · ${t.of('own_file_recipient', r.requester)}`] as const)} />
          <Select form={form} name="/recipient" label={t('own_file.recipient')} options={ownFileRecipients.map((r) => [r, t.of('own_file_recipient', r)] as const)} required />
          <Input form={form} name="/counsel_name" label={t('own_file.counsel_name')} />
        </div>
        <fieldset>
          <legend>{t('own_file.redactions')}</legend>
          <p class="hint">{t('own_file.redactions_hint')}</p>
          {Array.from({ length: redactionRows }, (_, i) => (
            <div class="grid-3">
              <Select form={form} name={`/redactions/${i}/section`} label={t('own_file.section')} options={sections} />
              <Input form={form} name={`/redactions/${i}/what`} label={t('own_file.what')} />
              <Input form={form} name={`/redactions/${i}/legal_basis`} label={t('own_file.legal_basis')} />
            </div>
          ))}
        </fieldset>
      </ActionForm>
    </>
  );
}

export const emptyOwnFileForm = { ...emptyForm, scope: 'own-file' };
export const emptyRequestForm = { ...emptyForm, scope: 'own-file-request' };
