/** Opening a roll call from the report page: the whole facility or one unit. */
import { h, type Html } from '../../jsx.ts';
import { ErrorSummary, FormKeys, Select } from '../../components.tsx';
import { formKey, type FormState } from '../../forms.ts';
import type { FacilityView } from '../../../api/read-models.ts';
import type { View } from '../../view.ts';

/** The open form of the report page: the whole facility or one unit. */
export function OpenForm(props: { view: View; facility: FacilityView; form: FormState }): Html {
  const { view, facility, form } = props;
  const { t } = view;
  return (
    <section class="card action" aria-labelledby="open-heading">
      <h2 id="open-heading">{t('rollcall.open_heading')}</h2>
      <form method="post" action="/roll-calls" class="stack" novalidate>
        <FormKeys view={view} formKey={formKey()} />
        <ErrorSummary view={view} form={form} />
        <input type="hidden" name="/facility_id" value={facility.id} />
        <Select form={form} name="/unit_id" label={t('rollcall.place')} options={facility.units.map((u) => [u.id, `${u.name} (${t.of('category', u.category)})`] as const)} blank={t('rollcall.whole_facility')} />
        <div class="actions">
          <button type="submit">{t('rollcall.open')}</button>
        </div>
      </form>
    </section>
  );
}
