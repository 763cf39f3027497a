/** A case's charges: the law, the article and the maximum penalty; and the rows of the form that sets them. */
import { h, type Html } from '../../jsx.ts';
import { Input, Select } from '../../components.tsx';
import type { FormState } from '../../forms.ts';
import type { View } from '../../view.ts';
import { chargeRowCount, penaltyKinds } from './forms.ts';
import { penaltyText } from './penalty.ts';
import type { CaseView } from './views.ts';

export function ChargesTable(props: { view: View; charges: CaseView['charges'] }): Html {
  const { t } = props.view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('case.law')}</th>
            <th scope="col">{t('case.article')}</th>
            <th scope="col">{t('case.max_penalty')}</th>
          </tr>
        </thead>
        <tbody>
          {props.charges.map((c) => (
            <tr>
              <td>
                <bdi>{c.law}</bdi>
              </td>
              <td>
                <bdi>{c.article}</bdi>
              </td>
              <td>{penaltyText(t, c.max_penalty)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The charges as form rows (law, article, penalty and its years or months); blank rows are left out. */
export function ChargeRows(props: { view: View; form: FormState; recorded?: number }): Html {
  const { view, form } = props;
  const { t } = view;
  const rows = chargeRowCount(form.values, props.recorded ?? 0);
  return (
    <fieldset>
      <legend>{t('case.charges')}</legend>
      <p class="hint">{t('case.charges_hint')}</p>
      {Array.from({ length: rows }, (_, i) => (
        <div class="grid-3 charge-row">
          <Input form={form} name={`/charges/${i}/law`} label={t('case.law')} hint={i === 0 ? t('case.law_hint') : undefined} />
          <Input form={form} name={`/charges/${i}/article`} label={t('case.article')} />
          <div class="grid-2">
            <Select form={form} name={`/charges/${i}/max_penalty/kind`} label={t('case.max_penalty')} options={penaltyKinds.map((k) => [k, t.of('penalty_kind', k)] as const)} blank={t('form.choose')} />
            <Input form={form} name={`/charges/${i}/max_penalty/amount`} label={t('case.penalty_amount')} type="number" dir="ltr" inputmode="numeric" />
          </div>
        </div>
      ))}
    </fieldset>
  );
}

/** The recorded charges as the values of the form that amends them. */
export function chargeValues(charges: CaseView['charges']): Record<string, string> {
  const values: Record<string, string> = {};
  charges.forEach((c, i) => {
    values[`/charges/${i}/law`] = c.law;
    values[`/charges/${i}/article`] = c.article;
    const p = c.max_penalty as 'death' | 'life' | { years?: number; months?: number };
    if (typeof p === 'string') values[`/charges/${i}/max_penalty/kind`] = p;
    else if (typeof p?.years === 'number') Object.assign(values, { [`/charges/${i}/max_penalty/kind`]: 'years', [`/charges/${i}/max_penalty/amount`]: String(p.years) });
    else if (typeof p?.months === 'number') Object.assign(values, { [`/charges/${i}/max_penalty/kind`]: 'months', [`/charges/${i}/max_penalty/amount`]: String(p.months) });
  });
  return values;
}
