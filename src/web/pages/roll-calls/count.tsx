/** Counting a roll call: one scan at a time, a scanner's list at once, and closing the count. */
import { h, type Html } from '../../jsx.ts';
import { ErrorSummary, FormKeys, Input, TextArea } from '../../components.tsx';
import { formKey, type FormState } from '../../forms.ts';
import { maxCountBatch } from '../../../domain/roll-call.ts';
import type { RollCallView } from '../../../queries/roll-call-report.ts';
import type { View } from '../../view.ts';
import type { Counted } from './views.ts';

/** The counting part of a roll call: one scan at a time (htmx: in place), a scanner's list at once, and closing the count. */
export function CountSection(props: { view: View; rollCall: RollCallView; form: FormState; batchForm: FormState; counted?: Counted; reconcileForm: FormState }): Html {
  const { view, rollCall: rc } = props;
  const { t } = view;
  const target = `/roll-calls/${rc.id}/count`;
  const c = props.counted;
  return (
    <section id="count" aria-labelledby="count-heading">
      <h2 id="count-heading">{t('rollcall.count_heading')}</h2>
      <p class="progress" role="status">
        {t('rollcall.progress', { counted: rc.counted, expected: rc.expected })}
      </p>
      {c ? (
        <div class={`banner ${c.not_on_register.length ? 'warn' : 'ok'}`} role="status">
          <p>{t('rollcall.count_outcome', { newly: c.newly_counted, repeated: c.repeated })}</p>
          {c.not_on_register.length ? <p>{t('rollcall.count_not_on_register', { numbers: c.not_on_register.join(', ') })}</p> : null}
        </div>
      ) : null}
      <form method="post" action={target} class="stack scan-form" novalidate hx-post={target} hx-target="#count" hx-swap="outerHTML">
        <FormKeys view={view} formKey={formKey()} />
        <ErrorSummary view={view} form={props.form} />
        <Input form={{ ...props.form, values: {} }} name="/register_number" label={t('rollcall.scan_label')} hint={t('rollcall.scan_hint')} dir="ltr" autofocus />
        <div class="actions">
          <button type="submit">{t('rollcall.count')}</button>
          <span class="htmx-indicator muted">{t('layout.loading')}</span>
        </div>
      </form>
      <details class="batch" open={props.batchForm.errors.size || props.batchForm.general.length ? true : undefined}>
        <summary>{t('rollcall.batch_heading')}</summary>
        <form method="post" action={target} class="stack" novalidate hx-post={target} hx-target="#count" hx-swap="outerHTML">
          <FormKeys view={view} formKey={formKey()} />
          <ErrorSummary view={view} form={props.batchForm} />
          <TextArea form={props.batchForm} name="/register_numbers" label={t('rollcall.batch_label')} hint={t('rollcall.batch_hint', { max: maxCountBatch })} rows={6} />
          <div class="field file-fill" hidden>
            <label for="count-file">{t('rollcall.batch_file')}</label>
            <input type="file" id="count-file" accept=".txt,.csv,text/plain,text/csv" data-fill="f-register_numbers" />
          </div>
          <div class="actions">
            <button type="submit" class="secondary">{t('rollcall.count_batch')}</button>
          </div>
        </form>
      </details>
      {rc.status === 'counting' ? (
        <form method="post" action={`/roll-calls/${rc.id}/reconcile`} class="stack card action" novalidate>
          <FormKeys view={view} formKey={formKey()} />
          <h3>{t('rollcall.reconcile_heading')}</h3>
          <ErrorSummary view={view} form={props.reconcileForm} />
          <p>{t('rollcall.reconcile_intro')}</p>
          <div class="actions">
            <button type="submit">{t('rollcall.reconcile')}</button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
