/** A roll call's discrepancies: who, where the register holds them, and how each was resolved. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, FormKeys, Input, RegNo } from '../../components.tsx';
import { emptyForm, formKey, type FormState } from '../../forms.ts';
import type { DiscrepancyView, HoldingView, RollCallView } from '../../../queries/roll-call-report.ts';
import type { View } from '../../view.ts';
import type { DiscrepancyPages } from './views.ts';

/** Where the register holds a person named by a discrepancy. */
export function Held(props: { view: View; held: HoldingView | null }): Html {
  const { t } = props.view;
  const h0 = props.held;
  if (!h0) return <span class="muted">{t('rollcall.not_on_register')}</span>;
  const place = [h0.facility_name, h0.unit_name].filter((x): x is string => !!x);
  return (
    <>
      {t.of('custody_status', h0.status)}
      {place.length ? (
        <>
          {' · '}
          <bdi>{place.join(' — ')}</bdi>
        </>
      ) : null}
      {h0.transfer_id ? (
        <>
          {' · '}
          <a href={`/transfers/${h0.transfer_id}`}>{t('rollcall.on_transfer')}</a>
        </>
      ) : null}
    </>
  );
}
/** Discrepancies of one kind or both: who, where the register holds them, and the resolution (or the form to give it). */
export function DiscrepancyTable(props: { view: View; rollCall: RollCallView; discrepancies: readonly DiscrepancyView[]; forms: ReadonlyMap<string, FormState>; mayResolve: boolean; pages?: DiscrepancyPages }): Html {
  const { view } = props;
  const { t } = view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('person.register_number')}</th>
            <th scope="col">{t('rollcall.kind')}</th>
            <th scope="col">{t('rollcall.held')}</th>
            <th scope="col">{t('rollcall.resolution')}</th>
          </tr>
        </thead>
        <tbody>
          {props.discrepancies.map((d) => {
            const form = props.forms.get(d.id) ?? emptyForm;
            return (
              <tr class={d.status === 'open' ? 'row-bad' : undefined} id={`d-${d.id}`}>
                <td>{d.person_id ? <a href={`/persons/${d.person_id}`}><RegNo value={d.register_number} /></a> : <RegNo value={d.register_number} />}</td>
                <td>{t.of('discrepancy_kind', d.kind)}</td>
                <td>
                  <Held view={view} held={d.held} />
                </td>
                <td>
                  {d.status === 'resolved' ? (
                    <>
                      <Badge tone="ok">{t('rollcall.resolved')}</Badge> <bdi>{d.reason}</bdi>
                      <div class="muted">
                        <bdi>{view.official(d.resolved_by!)}</bdi> · {d.resolved_at ? t.dateTime(d.resolved_at) : ''}
                      </div>
                    </>
                  ) : props.mayResolve ? (
                    <form method="post" action={`/roll-calls/${props.rollCall.id}/discrepancies/${d.id}/resolve`} class="inline-form" novalidate>
                      <FormKeys view={view} formKey={formKey()} />
                      {props.pages ? (
                        <>
                          <input type="hidden" name="missing" value={String(props.pages.missing)} />
                          <input type="hidden" name="extra" value={String(props.pages.extra)} />
                        </>
                      ) : null}
                      {form.general.length && !form.errors.size ? <p class="error" role="alert">{form.general.join(' ')}</p> : null}
                      <Input form={form} name="/reason" label={t('rollcall.reason')} hint={t('rollcall.reason_hint')} required />
                      <button type="submit" class="secondary">{t('rollcall.resolve')}</button>
                    </form>
                  ) : (
                    <Badge tone="bad">{t('rollcall.open_discrepancy')}</Badge>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
