/**
 * Entering an order: the form (kind, number, issued when and by which judge, the issuing court,
 * days of a detention order, the limit of a court extension, where a production or transfer
 * order takes the person, and the signed scan if there is one), then a preview that shows
 * before anything is saved when a detention order runs out — and flags days above the maximum —
 * and what the entry will need (a judge's confirmation, or none); confirming it saves it.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, ErrorSummary, FormKeys, Input, Radios, Select } from '../../components.tsx';
import { instantFromLocal, type FormState } from '../../forms.ts';
import { mostSeriousPenalty, type Charge } from '../../../domain/case.ts';
import { orderKinds } from '../../../domain/case-order.ts';
import type { View } from '../../view.ts';
import { orderCarried } from './forms.ts';
import type { DetentionExpiry } from './order-expiry.ts';
import { penaltyText } from './penalty.ts';
import type { CaseView } from './views.ts';

interface Facility {
  readonly id: string;
  readonly name: string;
}

export function OrderForm(props: { view: View; case: CaseView; form: FormState; fkey: string; facilities: readonly Facility[] }): Html {
  const { view, form } = props;
  const { t } = view;
  const c = props.case;
  const places = props.facilities.map((f) => [f.id, f.name] as const);
  return (
    <form method="post" action={`/cases/${c.id}/orders/preview`} class="stack" novalidate>
      <FormKeys view={view} formKey={props.fkey} />
      <ErrorSummary view={view} form={form} />
      <Radios form={form} name="/order" legend={t('case.order_kind')} value="detention" options={orderKinds.map((k) => [k, t.of('order_kind', k)] as const)} />
      <div class="grid-3">
        <Input form={form} name="/reference" label={t('case.order_reference')} dir="auto" required />
        <Input form={form} name="/issued_at" type="datetime-local" label={t('case.issued_at')} hint={t('case.local_time_hint')} dir="ltr" required />
        <Input form={form} name="/judge" label={t('case.judge')} value={c.judge ?? ''} required />
      </div>
      <Input form={form} name="/court" label={t('case.issuing_court')} hint={t('case.issuing_court_hint', { court: c.court })} />
      <fieldset>
        <legend>{t.of('order_kind', 'detention')}</legend>
        <Input form={form} name="/days" type="number" label={t('case.days')} hint={t('case.days_hint')} dir="ltr" inputmode="numeric" extra={{ min: '1' }} />
      </fieldset>
      <fieldset>
        <legend>{t.of('order_kind', 'court_extension')}</legend>
        <Input form={form} name="/until" type="datetime-local" label={t('case.until')} dir="ltr" />
      </fieldset>
      <fieldset>
        <legend>{t('case.production_or_transfer')}</legend>
        <div class="grid-2">
          <Select form={form} name="/to_facility_id" label={t('case.to_facility')} options={places} blank={t('form.choose')} />
          <Input form={form} name="/produce_at" type="datetime-local" label={t('case.produce_at')} hint={t('case.produce_at_hint')} dir="ltr" />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('case.scan')}</legend>
        <p class="hint">{view.can('case.decide') ? t('case.scan_hint_judge') : t('case.scan_hint')}</p>
        <div class="grid-2">
          <Input form={form} name="/scan/reference" label={t('case.scan_reference')} />
          <Input form={form} name="/scan/sha256" label={t('case.scan_sha256')} hint={t('case.scan_sha256_hint')} dir="ltr" />
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit">{t('case.preview_order')}</button>
        <a href={`/cases/${c.id}#orders`}>{t('form.cancel')}</a>
      </div>
    </form>
  );
}

/** The order as it will be saved: its expiry before saving, and the confirmation it will need. */
export function OrderPreview(props: { view: View; case: CaseView; values: Record<string, string>; fkey: string; expiry: DetentionExpiry | null; facilities: readonly Facility[] }): Html {
  const { view, values, expiry } = props;
  const { t } = view;
  const c = props.case;
  const kind = values['/order'] ?? '';
  const scanned = !!(values['/scan/reference'] ?? '').trim();
  const standing = view.can('case.decide') ? 'judge_account' : scanned ? 'signed_scan' : 'pending';
  const place = props.facilities.find((f) => f.id === values['/to_facility_id'])?.name;
  const local = (name: string) => (values[name] ? t.dateTime(instantFromLocal(values[name])) : '—');
  return (
    <>
      <section aria-labelledby="preview-heading" id="preview">
        <h2 id="preview-heading">{t('case.preview_heading')}</h2>
        {expiry ? (
          <p class={`banner ${expiry.countedUntil ? 'bad' : 'info'}`} role="status" id="expiry">
            <strong>{t('case.valid_until', { day: t.date(expiry.lastDay), until: t.dateTime(expiry.until) })}</strong>
            {expiry.countedUntil ? (
              <>
                <br />
                {t('case.order_exceeds_long', { days: expiry.days, maximum: expiry.maximum, until: t.dateTime(expiry.countedUntil) })}
              </>
            ) : null}
          </p>
        ) : null}
        <dl class="facts">
          <dt>{t('case.order_kind')}</dt>
          <dd>{t.of('order_kind', kind)}</dd>
          <dt>{t('case.order_reference')}</dt>
          <dd>
            <bdi>{values['/reference'] ?? ''}</bdi>
          </dd>
          <dt>{t('case.issued_at')}</dt>
          <dd>{local('/issued_at')}</dd>
          <dt>{t('case.judge')}</dt>
          <dd>
            <bdi>{values['/judge'] ?? ''}</bdi>
          </dd>
          <dt>{t('case.issuing_court')}</dt>
          <dd>
            <bdi>{(values['/court'] ?? '').trim() || c.court}</bdi>
          </dd>
          {kind === 'detention' ? (
            <>
              <dt>{t('case.days')}</dt>
              <dd>{expiry ? t.number(expiry.days) : <bdi>{values['/days'] ?? ''}</bdi>}</dd>
              <dt>{t('case.most_serious_penalty')}</dt>
              <dd>{c.charges.length ? penaltyText(t, mostSeriousPenalty(c.charges as readonly Charge[])) : '—'}</dd>
            </>
          ) : null}
          {kind === 'court_extension' ? (
            <>
              <dt>{t('case.until')}</dt>
              <dd>{local('/until')}</dd>
            </>
          ) : null}
          {kind === 'production' || kind === 'transfer' ? (
            <>
              <dt>{t('case.to_facility')}</dt>
              <dd>{place ? <bdi>{place}</bdi> : '—'}</dd>
            </>
          ) : null}
          {kind === 'production' ? (
            <>
              <dt>{t('case.produce_at')}</dt>
              <dd>{local('/produce_at')}</dd>
            </>
          ) : null}
          <dt>{t('case.confirmation')}</dt>
          <dd>
            <Badge tone={standing === 'pending' ? 'warn' : 'ok'}>{t.of('order_standing', standing)}</Badge>
          </dd>
        </dl>
        <form method="post" action={`/cases/${c.id}/orders/new`} class="actions" novalidate>
          <FormKeys view={view} formKey={props.fkey} />
          {orderCarried(values).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <button type="submit" name="_action" value="save">
            {t('case.save_order')}
          </button>
          <button type="submit" name="_action" value="edit" class="secondary" formaction={`/cases/${c.id}/orders/preview`}>
            {t('case.change_order')}
          </button>
        </form>
      </section>
    </>
  );
}
