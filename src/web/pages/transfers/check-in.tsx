/** The arrival check-in: one register number at a time, or the list scanned at the gate at once. */
import { h, type Html } from '../../jsx.ts';
import { ErrorSummary, FormKeys, Input, Pager, Select, TextArea } from '../../components.tsx';
import { formKey, type FormState } from '../../forms.ts';
import { legalStatuses } from '../../../domain/placement.ts';
import type { View } from '../../view.ts';
import { MemberTable } from './members.tsx';
import { Notice } from './notice.tsx';
import { membersPerPage, type Detail, type TransferNotice } from './views.ts';

/** The arrival check-in: scan or type a register number; the list updates in place. */
export function CheckIn(props: { view: View; detail: Detail; form: FormState; batchForm: FormState; notice?: TransferNotice; page: number }): Html {
  const { view, detail, form } = props;
  const { t } = view;
  const tr = detail.transfer;
  const toFacility = tr.destination.kind === 'facility';
  const official = view.account?.display_name ?? '';
  const waiting = tr.members.filter((m) => m.status === 'in_transit');
  const shown = tr.members.slice((props.page - 1) * membersPerPage, props.page * membersPerPage);
  const unitOptions = detail.destinationUnits.map((u) => [u.id, `${u.name} (${t.of('category', u.category)})`] as const);
  return (
    <section id="checkin" aria-labelledby="checkin-heading">
      <h2 id="checkin-heading">{t('transfer.checkin_heading')}</h2>
      <p>{t('transfer.waiting', { count: waiting.length })}</p>
      {props.notice ? <Notice view={view} notice={props.notice} /> : null}
      <form method="post" action={`/transfers/${tr.id}/checkin`} class="stack" novalidate hx-post={`/transfers/${tr.id}/checkin`} hx-target="#checkin" hx-swap="outerHTML">
        <FormKeys view={view} formKey={formKey()} />
        <ErrorSummary view={view} form={form} />
        <Input form={{ ...form, values: {} }} name="/register_number" label={t('transfer.scan_label')} hint={t('transfer.scan_hint')} dir="ltr" autofocus inputmode="text" />
        <div class="grid-3">
          {toFacility ? <Select form={form} name="/unit_id" label={t('admit.unit')} options={unitOptions} blank={t('form.choose')} required /> : <Input form={form} name="/receipt_reference" label={t('transfer.receipt_reference')} />}
          {toFacility ? <Select form={form} name="/legal_status" label={t('transfer.legal_status_if_none')} options={legalStatuses.map((s) => [s, t.of('legal_status', s)] as const)} blank={t('transfer.keep_legal_status')} /> : null}
          <Input form={form} name="/receiving_official" label={t('transfer.receiving_official')} value={official} required />
          <Input form={form} name="/occurred_at" type="datetime-local" label={t('transfer.occurred_at')} hint={t('transfer.occurred_at_hint')} dir="ltr" />
        </div>
        <div class="actions">
          <button type="submit">{t('transfer.check_in')}</button>
          <span class="htmx-indicator muted">{t('layout.loading')}</span>
        </div>
      </form>
      <BatchCheckIn view={view} detail={detail} form={props.batchForm} />
      <MemberTable view={view} detail={detail} members={shown} />
      <Pager view={view} page={props.page} hasNext={tr.members.length > props.page * membersPerPage} href={(p) => `/transfers/${tr.id}?page=${p}#checkin`} />
    </section>
  );
}

/** The list scanned at the gate, checked in at once: pasted, typed, or loaded from the scanner's file. */
function BatchCheckIn(props: { view: View; detail: Detail; form: FormState }): Html {
  const { view, detail, form } = props;
  const { t } = view;
  const tr = detail.transfer;
  const toFacility = tr.destination.kind === 'facility';
  const unitOptions = detail.destinationUnits.map((u) => [u.id, `${u.name} (${t.of('category', u.category)})`] as const);
  const failed = form.errors.size > 0 || form.general.length > 0;
  return (
    <details class="batch" id="arrivals" open={failed ? true : undefined}>
      <summary>{t('transfer.batch_heading')}</summary>
      <form method="post" action={`/transfers/${tr.id}/arrivals`} class="stack" novalidate>
        <FormKeys view={view} formKey={formKey()} />
        <ErrorSummary view={view} form={form} />
        <TextArea form={form} name="/register_numbers" label={t('transfer.batch_label')} hint={t('transfer.batch_hint')} rows={6} required />
        <div class="field file-fill" hidden>
          <label for="arrivals-file">{t('transfer.batch_file')}</label>
          <input type="file" id="arrivals-file" accept=".txt,.csv,text/plain,text/csv" data-fill="f-register_numbers" />
        </div>
        {toFacility ? (
          <fieldset>
            <legend>{t('transfer.batch_units')}</legend>
            <p class="hint">{t('transfer.batch_units_hint')}</p>
            <div class="grid-2">
              <Select form={form} name="/unit_id" label={t('transfer.batch_unit_all')} options={unitOptions} blank={t('transfer.batch_unit_by_category')} />
              {detail.categories.map((c) => (
                <Select form={form} name={`/units/${c}`} label={t.of('category', c)} options={unitOptions} blank={t('form.choose')} />
              ))}
            </div>
            <Select form={form} name="/legal_status" label={t('transfer.legal_status_if_none')} options={legalStatuses.map((s) => [s, t.of('legal_status', s)] as const)} blank={t('transfer.keep_legal_status')} />
          </fieldset>
        ) : (
          <Input form={form} name="/receipt_reference" label={t('transfer.receipt_reference')} />
        )}
        <div class="grid-2">
          <Input form={form} name="/receiving_official" label={t('transfer.receiving_official')} value={view.account?.display_name ?? ''} required />
          <Input form={form} name="/occurred_at" type="datetime-local" label={t('transfer.occurred_at')} hint={t('transfer.occurred_at_hint')} dir="ltr" />
        </div>
        <div class="actions">
          <button type="submit">{t('transfer.check_in_batch')}</button>
        </div>
      </form>
    </details>
  );
}
