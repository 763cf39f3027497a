/** The detainee's own file (MR9): the copies given, and the form to give one with its redactions. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Input, Select } from '../../components.tsx';
import { emptyForm, type FormState } from '../../forms.ts';
import type { View } from '../../view.ts';
import { ActionForm } from '../cases/action-form.tsx';
import { ownFileRecipients, ownFileSections } from '../../../domain/own-file.ts';
import { redactionRows, type OwnFileDisclosure } from './views.ts';

/** Every redaction of every copy given: what, from which part, the legal basis, who, when (the extract lists these too). */
export function WithheldTable(props: { view: View; disclosures: readonly OwnFileDisclosure[] }): Html {
  const { t } = props.view;
  const rows = props.disclosures.flatMap((d) => d.redactions.map((r) => ({ ...r, at: d.disclosed_at })));
  if (!rows.length) return <p class="muted">{t('own_file.nothing_withheld')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('own_file.section')}</th>
            <th scope="col">{t('own_file.what')}</th>
            <th scope="col">{t('own_file.legal_basis')}</th>
            <th scope="col">{t('own_file.redacted_by')}</th>
            <th scope="col">{t('own_file.given_at')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{t.of('own_file_section', r.section)}</td>
              <td>
                <bdi>{r.what}</bdi>
              </td>
              <td>
                <bdi>{r.legal_basis}</bdi>
              </td>
              <td>
                <bdi>{r.redacted_by}</bdi>
              </td>
              <td>{t.dateTime(r.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OwnFilePage(props: { view: View; personId: string; disclosures: readonly OwnFileDisclosure[]; form: FormState }): Html {
  const { view, form, personId } = props;
  const { t } = view;
  const sections = ownFileSections.map((s) => [s, t.of('own_file_section', s)] as const);
  return (
    <>
      <p class="hint">{t('own_file.intro')}</p>
      <section aria-labelledby="copies-heading">
        <h2 id="copies-heading">{t('own_file.copies')}</h2>
        {props.disclosures.length ? (
          <ul>
            {props.disclosures.map((d) => (
              <li>
                {t.dateTime(d.disclosed_at)} · {t.of('own_file_recipient', d.recipient)}
                {d.counsel_name ? (
                  <>
                    {' '}
                    (<bdi>{d.counsel_name}</bdi>)
                  </>
                ) : null}{' '}
                · {t('own_file.redactions_count', { count: d.redactions.length })} ·{' '}
                <a href={`/print/persons/${personId}/own-file/${d.id}`}>{t('own_file.print')}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('own_file.none')}</p>
        )}
      </section>
      <section aria-labelledby="withheld-heading">
        <h2 id="withheld-heading">{t('own_file.withheld')}</h2>
        <WithheldTable view={view} disclosures={props.disclosures} />
      </section>
      <ActionForm view={view} action={`/persons/${personId}/own-file`} title={t('own_file.give')} form={form} submit={t('own_file.give')} open>
        <div class="grid-3">
          <Select form={form} name="/recipient" label={t('own_file.recipient')} options={ownFileRecipients.map((r) => [r, t.of('own_file_recipient', r)] as const)} required />
          <Input form={form} name="/counsel_name" label={t('own_file.counsel_name')} />
        </div>
        <fieldset>
          <legend>{t('own_file.redactions')}</legend>
          <p class="hint">{t('own_file.redactions_hint')}</p>
          {Array.from({ length: redactionRows }, (_, i) => (
            <div class="grid-3">
              <Select form={form} name={`/redactions/${i}/section`} label={t('own_file.section')} options={sections} />
              <Input form={form} name={`/redactions/${i}/what`} label={t('own_file.what')} />
              <Input form={form} name={`/redactions/${i}/legal_basis`} label={t('own_file.legal_basis')} />
            </div>
          ))}
        </fieldset>
      </ActionForm>
    </>
  );
}

export const emptyOwnFileForm = { ...emptyForm, scope: 'own-file' };
