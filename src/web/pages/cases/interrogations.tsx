/** Interrogation sessions (BP23): start, end, place, everyone present, interpreter and lawyer; the form to record one. */
import { h, type Html } from '../../jsx.ts';
import { Input, TextArea } from '../../components.tsx';
import { localNow, type FormState } from '../../forms.ts';
import type { View } from '../../view.ts';
import { ActionForm } from './action-form.tsx';
import type { CaseView } from './views.ts';

export function InterrogationsSection(props: { view: View; case: CaseView; form: FormState; now: Date }): Html {
  const { view, form } = props;
  const { t } = view;
  const c = props.case;
  return (
    <section aria-labelledby="interrogations-heading" id="interrogations">
      <h2 id="interrogations-heading">{t('case.interrogations_heading')}</h2>
      {c.interrogations.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('case.session')}</th>
                <th scope="col">{t('case.place')}</th>
                <th scope="col">{t('case.present')}</th>
                <th scope="col">{t('case.interpreter')}</th>
                <th scope="col">{t('case.lawyer')}</th>
              </tr>
            </thead>
            <tbody>
              {c.interrogations.map((i) => (
                <tr class={i.lawyer === null ? 'row-warn' : undefined}>
                  <td>
                    {t.dateTime(i.start)} – {t.dateTime(i.end)}
                  </td>
                  <td>
                    <bdi>{i.place}</bdi>
                  </td>
                  <td>
                    <ul class="plain">
                      {i.present.map((p) => (
                        <li>
                          <bdi>{p}</bdi>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{i.interpreter ? <bdi>{i.interpreter}</bdi> : <span class="muted">{t('case.none')}</span>}</td>
                  <td>{i.lawyer ? <bdi>{i.lawyer}</bdi> : <span class="muted">{t('case.none')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{t('case.no_interrogations')}</p>
      )}
      {view.can('case.manage') ? (
        <ActionForm view={view} action={`/cases/${c.id}/interrogations`} title={t('case.record_interrogation')} form={form} submit={t('case.record')}>
          <div class="grid-3">
            <Input form={form} name="/start" type="datetime-local" label={t('case.session_start')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
            <Input form={form} name="/end" type="datetime-local" label={t('case.session_end')} dir="ltr" value={localNow(props.now)} required />
            <Input form={form} name="/place" label={t('case.place')} required />
          </div>
          <TextArea form={form} name="/present" label={t('case.present')} hint={t('case.present_list_hint')} rows={3} required />
          <div class="grid-2">
            <Input form={form} name="/interpreter" label={t('case.interpreter')} hint={t('case.none_hint')} />
            <Input form={form} name="/lawyer" label={t('case.lawyer')} hint={t('case.none_hint')} />
          </div>
        </ActionForm>
      ) : null}
    </section>
  );
}
