/**
 * A case's orders: kind, number, court, when issued and by which judge, for how long (days, or
 * until when), when a detention order runs out as the clock counts it, and who stands behind
 * it — confirmed by a judge's account, entered with its signed scan, or awaiting a judge's
 * confirmation, which a judge gives here.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, ErrorSummary, FormKeys } from '../../components.tsx';
import { emptyForm, formKey, type FormState } from '../../forms.ts';
import { clockRules } from '../../../store/clock-projection.ts';
import type { View } from '../../view.ts';
import { detentionExpiry } from './order-expiry.ts';
import type { CaseView, OrderView } from './views.ts';

export const confirmationTone: Readonly<Record<OrderView['confirmation'], 'ok' | 'warn'>> = { judge_account: 'ok', signed_scan: 'ok', confirmed: 'ok', pending: 'warn' };

/** How long a detention order runs (and how the clock counts one above the maximum), or a court extension's limit. */
function Term(props: { view: View; order: OrderView }): Html {
  const { t } = props.view;
  const o = props.order;
  if (o.order === 'court_extension' && o.until) return <>{t('case.order_until', { until: t.dateTime(o.until) })}</>;
  if (o.order === 'production' && o.produce_at) return <>{t('case.order_produce_at', { at: t.dateTime(o.produce_at) })}</>;
  if (o.order !== 'detention' || o.days === null) return <>—</>;
  const expiry = detentionExpiry(o.issued_at, o.days, clockRules());
  if (!expiry) return <>{t('case.order_days', { count: o.days })}</>;
  return (
    <>
      {t('case.order_days', { count: o.days })} · {t('case.valid_until', { day: t.date(expiry.lastDay), until: t.dateTime(expiry.until) })}
      {expiry.countedUntil ? (
        <>
          {' '}
          <Badge tone="bad">{t('case.order_exceeds', { maximum: expiry.maximum, until: t.dateTime(expiry.countedUntil) })}</Badge>
        </>
      ) : null}
    </>
  );
}

function Confirmation(props: { view: View; order: OrderView }): Html {
  const { t } = props.view;
  const o = props.order;
  return (
    <>
      <Badge tone={confirmationTone[o.confirmation]}>{t.of('order_confirmation', o.confirmation)}</Badge>
      {o.confirmation === 'confirmed' && o.confirmed_by ? (
        <div class="muted">
          <bdi>{props.view.official(o.confirmed_by)}</bdi> · {o.confirmed_at ? t.dateTime(o.confirmed_at) : ''}
        </div>
      ) : null}
      {o.scan ? (
        <div class="muted">
          {t('case.scan')}: <bdi>{o.scan.reference}</bdi> · <code class="long">{o.scan.sha256}</code>
        </div>
      ) : null}
    </>
  );
}

export function OrdersTable(props: { view: View; detail: { case: CaseView; facilities: readonly { id: string; name: string }[] }; confirm?: { orderId: string; form: FormState } }): Html {
  const { view } = props;
  const { t } = view;
  const c = props.detail.case;
  const place = (id: string | null) => props.detail.facilities.find((f) => f.id === id)?.name ?? id ?? '';
  if (!c.orders.length) return <p class="muted">{t('case.no_orders')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('case.order_kind')}</th>
            <th scope="col">{t('case.order_reference')}</th>
            <th scope="col">{t('case.issued')}</th>
            <th scope="col">{t('case.order_term')}</th>
            <th scope="col">{t('case.confirmation')}</th>
          </tr>
        </thead>
        <tbody>
          {c.orders.map((o) => {
            const form = props.confirm?.orderId === o.order_id ? props.confirm.form : emptyForm;
            return (
              <tr data-order={o.order_id} data-confirmation={o.confirmation} class={o.confirmation === 'pending' ? 'row-warn' : undefined}>
                <td>
                  {t.of('order_kind', o.order)}
                  {o.to_facility_id ? (
                    <div class="muted">
                      {t('case.to_facility')}: <bdi>{place(o.to_facility_id)}</bdi>
                    </div>
                  ) : null}
                </td>
                <td>
                  <bdi dir="ltr">{o.reference}</bdi>
                  <div class="muted">
                    <bdi>{o.court}</bdi>
                  </div>
                </td>
                <td>
                  {t.dateTime(o.issued_at)}
                  <div class="muted">
                    <bdi>{o.judge}</bdi>
                  </div>
                </td>
                <td>
                  <Term view={view} order={o} />
                </td>
                <td>
                  <Confirmation view={view} order={o} />
                  {o.confirmation === 'pending' && view.can('case.decide') ? (
                    <form method="post" action={`/cases/${c.id}/orders/${o.order_id}/confirm`} class="inline-form no-print" novalidate>
                      <FormKeys view={view} formKey={formKey()} />
                      <ErrorSummary view={view} form={form} />
                      <button type="submit">{t('case.confirm_order')}</button>
                    </form>
                  ) : (
                    <ErrorSummary view={view} form={form} />
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
