/** Counsel on a case (appointed by the court or chosen, with a contact) and every visit to the person; the forms to assign counsel and record a visit. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Input, Radios, Select } from '../../components.tsx';
import { localNow, type FormState } from '../../forms.ts';
import { counselAppointments } from '../../../domain/case.ts';
import type { View } from '../../view.ts';
import { ActionForm, refused } from './action-form.tsx';
import type { CaseView } from './views.ts';

export function CounselSection(props: { view: View; case: CaseView; facilities: readonly { id: string; name: string }[]; forms: { counsel: FormState; visit: FormState }; now: Date }): Html {
  const { view } = props;
  const { t } = view;
  const c = props.case;
  const place = (id: string) => props.facilities.find((f) => f.id === id)?.name ?? id;
  const name = (id: string) => c.counsel.find((k) => k.counsel_id === id)?.name ?? '';
  return (
    <section aria-labelledby="counsel-heading" id="counsel">
      <h2 id="counsel-heading">{t('case.counsel_heading')}</h2>
      {c.counsel.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('case.counsel_name')}</th>
                <th scope="col">{t('case.appointment')}</th>
                <th scope="col">{t('case.contact')}</th>
                <th scope="col">{t('case.assigned_at')}</th>
              </tr>
            </thead>
            <tbody>
              {c.counsel.map((k) => (
                <tr>
                  <td>
                    <bdi>{k.name}</bdi>
                  </td>
                  <td>{t.of('counsel_appointment', k.appointment)}</td>
                  <td>
                    <bdi>{k.contact}</bdi>
                  </td>
                  <td>{t.dateTime(k.assigned_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{t('case.no_counsel')}</p>
      )}
      <h3>{t('case.visits_heading')}</h3>
      {c.counsel_visits.length ? (
        <ul>
          {c.counsel_visits.map((v) => (
            <li>
              {t('case.visit', { at: t.dateTime(v.at), counsel: name(v.counsel_id), facility: place(v.facility_id) })}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('case.no_visits')}</p>
      )}
      {view.can('case.manage') ? (
        <ActionForm view={view} action={`/cases/${c.id}/counsel`} title={t('case.assign_counsel')} form={props.forms.counsel} submit={t('case.assign')}>
          <div class="grid-2">
            <Input form={props.forms.counsel} name="/name" label={t('case.counsel_name')} required />
            <Input form={props.forms.counsel} name="/contact" label={t('case.contact')} hint={t('case.contact_hint')} required />
          </div>
          <Radios form={props.forms.counsel} name="/appointment" legend={t('case.appointment')} value="court_appointed" options={counselAppointments.map((a) => [a, t.of('counsel_appointment', a)] as const)} />
        </ActionForm>
      ) : null}
      {view.can('case.counsel_visit') && (c.counsel.length || refused(props.forms.visit)) ? (
        <ActionForm view={view} action={`/cases/${c.id}/counsel-visits`} title={t('case.record_visit')} form={props.forms.visit} submit={t('case.record')}>
          <div class="grid-3">
            <Select form={props.forms.visit} name="/counsel_id" label={t('case.counsel_name')} options={c.counsel.map((k) => [k.counsel_id, k.name] as const)} required />
            <Input form={props.forms.visit} name="/at" type="datetime-local" label={t('case.visit_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
            <Select form={props.forms.visit} name="/facility_id" label={t('case.facility')} options={props.facilities.map((f) => [f.id, f.name] as const)} blank={t('form.choose')} required />
          </div>
        </ActionForm>
      ) : null}
    </section>
  );
}
