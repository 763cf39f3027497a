/** A person's periods of segregation (MR44) on their record, and the form to start one or end the open one. */
import { h, type Html } from '../../jsx.ts';
import { Input } from '../../components.tsx';
import { localNow, type FormState } from '../../forms.ts';
import type { View } from '../../view.ts';
import { ActionForm } from './action-form.tsx';
import type { SegregationPeriods } from './views.ts';

export function SegregationSection(props: { view: View; personId: string; periods: SegregationPeriods; places: ReadonlyMap<string, string>; inFacility: boolean; form: FormState; now: Date }): Html {
  const { view, form } = props;
  const { t } = view;
  const open = props.periods.find((p) => p.ended_at === null);
  const action = open ? 'end' : 'start';
  return (
    <section aria-labelledby="segregation-heading" id="segregation">
      <h2 id="segregation-heading">{t('segregation.heading')}</h2>
      {open ? (
        <p class="banner warn" role="status">
          {t('segregation.open', { since: t.dateTime(open.started_at), facility: props.places.get(open.facility_id) ?? '' })}
        </p>
      ) : null}
      {props.periods.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('segregation.from')}</th>
                <th scope="col">{t('segregation.to')}</th>
                <th scope="col">{t('segregation.facility')}</th>
                <th scope="col">{t('segregation.reason')}</th>
                <th scope="col">{t('segregation.authorised_by')}</th>
              </tr>
            </thead>
            <tbody>
              {props.periods.map((p) => (
                <tr>
                  <td>{t.dateTime(p.started_at)}</td>
                  <td>{p.ended_at ? t.dateTime(p.ended_at) : t('segregation.ongoing')}</td>
                  <td>
                    <bdi>{props.places.get(p.facility_id) ?? ''}</bdi>
                  </td>
                  <td>
                    <bdi>{p.reason}</bdi>
                    {p.end_reason ? (
                      <div class="muted">
                        {t('segregation.ended_because')} <bdi>{p.end_reason}</bdi>
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <bdi>{p.authorised_by}</bdi>
                    {p.end_authorised_by ? (
                      <div class="muted">
                        <bdi>{p.end_authorised_by}</bdi>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{t('segregation.none')}</p>
      )}
      {view.can('custody.segregate') && (open || props.inFacility) ? (
        <ActionForm view={view} action={`/persons/${props.personId}/segregation`} title={t.of('segregation_action', action)} form={form} submit={t.of('segregation_action', action)} danger={action === 'start'}>
          <input type="hidden" name="/action" value={action} />
          <div class="grid-3">
            <Input form={form} name="/at" type="datetime-local" label={t('segregation.at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
            <Input form={form} name="/reason" label={t('segregation.reason')} required />
            <Input form={form} name="/authorised_by" label={t('segregation.authorised_by')} required />
          </div>
        </ActionForm>
      ) : null}
    </section>
  );
}
