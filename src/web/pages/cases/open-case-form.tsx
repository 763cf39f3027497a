/** Opening a case file for a person: the court and its file number, judge and prosecutor if known, and the charges. */
import { h, type Html } from '../../jsx.ts';
import { ErrorSummary, FormKeys, Input } from '../../components.tsx';
import type { FormState } from '../../forms.ts';
import type { View } from '../../view.ts';
import { ChargeRows } from './charges.tsx';

export function OpenCaseForm(props: { view: View; personId: string; form: FormState; fkey: string; courts: readonly string[] }): Html {
  const { view, form } = props;
  const { t } = view;
  return (
    <form method="post" action={`/persons/${props.personId}/cases/new`} class="stack" novalidate>
      <FormKeys view={view} formKey={props.fkey} />
      <ErrorSummary view={view} form={form} />
      <div class="grid-2">
        <Input form={form} name="/court" label={t('case.court')} hint={t('case.court_hint')} required extra={{ list: 'known-courts' }} />
        <Input form={form} name="/reference" label={t('case.reference')} hint={t('case.reference_hint')} required />
        <Input form={form} name="/judge" label={t('case.judge')} />
        <Input form={form} name="/prosecutor" label={t('case.prosecutor')} />
      </div>
      <datalist id="known-courts">
        {props.courts.map((c) => (
          <option value={c} />
        ))}
      </datalist>
      <ChargeRows view={view} form={form} />
      <div class="actions">
        <button type="submit">{t('case.open')}</button>
        <a href={`/persons/${props.personId}#cases`}>{t('form.cancel')}</a>
      </div>
    </form>
  );
}
