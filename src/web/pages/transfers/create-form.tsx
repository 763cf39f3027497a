/** Drawing up a transfer order: from, to, why, and the persons by register number (typed or scanned). */
import { h, type Html } from '../../jsx.ts';
import { ErrorSummary, FormKeys, Input, Radios, Select, TextArea } from '../../components.tsx';
import type { FormState } from '../../forms.ts';
import type { FacilityView } from '../../../api/read-models.ts';
import type { View } from '../../view.ts';


export function CreateForm(props: { view: View; form: FormState; fkey: string; all: readonly FacilityView[] }): Html {
  const { view, form } = props;
  const { t } = view;
  const options = props.all.map((f) => [f.id, f.name] as const);
  return (
    <form method="post" action="/transfers/new" class="stack" novalidate>
      <FormKeys view={view} formKey={props.fkey} />
      <ErrorSummary view={view} form={form} />
      <Select form={form} name="/origin/facility_id" label={t('transfer.from')} options={options} blank={t('form.choose')} required />
      <fieldset>
        <legend>{t('transfer.to')}</legend>
        <Radios form={form} name="/destination/kind" legend={t('transfer.destination_kind')} value="facility" options={[['facility', t('transfer.to_facility')], ['authority', t('transfer.to_authority')]]} />
        <Select form={form} name="/destination/facility_id" label={t('transfer.destination_facility')} options={options} blank={t('form.choose')} />
        <div class="grid-2">
          <Input form={form} name="/destination/name" label={t('transfer.authority_name')} />
          <Input form={form} name="/destination/country" label={t('transfer.authority_country')} hint={t('register.country_hint')} dir="ltr" />
        </div>
      </fieldset>
      <TextArea form={form} name="/reason" label={t('transfer.reason')} required />
      <TextArea form={form} name="/persons" label={t('transfer.persons_numbers')} hint={t('transfer.persons_hint')} rows={6} required />
      <div class="actions">
        <button type="submit">{t('transfer.create')}</button>
        <a href="/transfers">{t('form.cancel')}</a>
      </div>
    </form>
  );
}
