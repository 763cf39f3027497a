/**
 * Drawing up a transfer order: from, to, why, and the persons — by register number (typed,
 * scanned or pasted), found by name among those held at the origin, or everyone held in a unit
 * of it. One form: each button posts it and the server draws it again with the persons added,
 * so it works without scripts; only "draw up the order" sends anything to the API.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { ErrorSummary, FormKeys, Input, Name, Radios, RegNo, Select, TextArea, controlId, namesInReadingOrder } from '../../components.tsx';
import type { FormState } from '../../forms.ts';
import type { FacilityView } from '../../../api/read-models.ts';
import type { View } from '../../view.ts';
import type { Draft, DraftRow } from './views.ts';

/** The names of a person, the reader's script first. */
function Names(props: { view: View; names: readonly { script: string; full: string }[] }): Html {
  return (
    <>
      {namesInReadingOrder(props.names, props.view.t.dir).map((n, i) => (
        <>
          {i ? ' · ' : ''}
          <Name full={n.full} script={n.script} />
        </>
      ))}
    </>
  );
}

/** Who is on the order so far: each number, whom it names and where they are held; those who cannot leave from the origin marked. */
function DraftTable(props: { view: View; rows: readonly DraftRow[] }): Html {
  const { t } = props.view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('person.register_number')}</th>
            <th scope="col">{t('transfer.persons')}</th>
            <th scope="col">{t('lists.held')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr class={r.atOrigin ? undefined : 'row-bad'}>
              <td>
                <RegNo value={r.person?.register_number ?? r.typed} />
              </td>
              <td>{r.person ? <Names view={props.view} names={r.person.names} /> : <span class="muted">{t('lists.not_on_register')}</span>}</td>
              <td>
                {r.where ? <bdi>{r.where}</bdi> : null}
                {r.person && !r.atOrigin ? <p class="error">{t('lists.not_at_origin')}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CreateForm(props: { view: View; form: FormState; fkey: string; all: readonly FacilityView[]; draft?: Draft }): Html {
  const { view, form } = props;
  const { t } = view;
  const options = props.all.map((f) => [f.id, f.name] as const);
  const draft = props.draft;
  const rows = draft?.rows ?? [];
  const blocked = rows.filter((r) => !r.atOrigin).length;
  const pickId = controlId('/find/pick');
  return (
    <form method="post" action="/transfers/new" class="stack" novalidate>
      <FormKeys view={view} formKey={props.fkey} />
      <ErrorSummary view={view} form={form} />
      <Select form={form} name="/origin/facility_id" label={t('transfer.from')} options={options} blank={t('form.choose')} required />
      <fieldset>
        <legend>{t('transfer.to')}</legend>
        <Radios form={form} name="/destination/kind" legend={t('transfer.destination_kind')} value="facility" options={[['facility', t('transfer.to_facility')], ['authority', t('transfer.to_authority')]]} />
        <Select form={form} name="/destination/facility_id" label={t('transfer.destination_facility')} options={options} blank={t('form.choose')} />
        <fieldset class="authority-only" data-shown-when="/destination/kind=authority">
          <legend>{t('lists.authority_legend')}</legend>
          <p class="hint">{t('lists.authority_hint')}</p>
          <div class="grid-2">
            <Input form={form} name="/destination/name" label={t('transfer.authority_name')} />
            <Input form={form} name="/destination/country" label={t('transfer.authority_country')} hint={t('register.country_hint')} dir="ltr" />
          </div>
        </fieldset>
      </fieldset>
      <TextArea form={form} name="/reason" label={t('transfer.reason')} required />

      <section class="draft" aria-labelledby="draft-heading" id="draft">
        <h2 id="draft-heading">{t('lists.draft_heading', { count: rows.length })}</h2>
        {draft?.added ? (
          <p class="banner ok" role="status">
            {t('lists.added', { added: draft.added.added, already: draft.added.already })}
          </p>
        ) : null}
        {blocked ? (
          <p class="banner warn" role="status">
            {t('lists.blocked', { count: blocked })}
          </p>
        ) : null}
        {rows.length ? (
          <details class="draft-list" open={rows.length <= 50 || blocked > 0 ? true : undefined}>
            <summary>{t('lists.draft_who', { count: rows.length })}</summary>
            <DraftTable view={view} rows={rows} />
          </details>
        ) : null}
        <TextArea form={form} name="/persons" label={t('transfer.persons_numbers')} hint={t('transfer.persons_hint')} rows={6} required />

        <fieldset class="add-persons">
          <legend>{t('lists.find_legend')}</legend>
          <Input form={form} name="/find/name" type="search" label={t('lists.find_label')} hint={t('lists.find_hint')} />
          <div class="actions">
            <button type="submit" name="_do" value="find" class="secondary">
              {t('lists.find')}
            </button>
          </div>
          {draft?.candidates ? (
            draft.candidates.found.length ? (
              <div class={form.errors.has('/find/pick') ? 'field has-error' : 'field'} id={pickId}>
                <p class="search-count">
                  {draft.candidates.more ? t('search.count_more', { count: draft.candidates.total }) : t('search.count', { count: draft.candidates.total })}
                  {draft.candidates.total > draft.candidates.found.length ? <span class="muted"> {t('lists.candidates_shown', { shown: draft.candidates.found.length })}</span> : null}
                </p>
                {form.errors.get('/find/pick') ? <p class="error">{form.errors.get('/find/pick')}</p> : null}
                <ul class="results candidates">
                  {draft.candidates.found.map((c, i) => (
                    <li>
                      <input type="checkbox" name="/find/pick" value={c.person.register_number} id={`${pickId}-${i}`} />{' '}
                      <label for={`${pickId}-${i}`}>
                        <RegNo value={c.person.register_number} /> <Names view={view} names={c.person.names} />
                        {c.unit ? (
                          <span class="muted">
                            {' '}
                            · <bdi>{c.unit}</bdi>
                          </span>
                        ) : null}
                      </label>
                    </li>
                  ))}
                </ul>
                <div class="actions">
                  <button type="submit" name="_do" value="add_found" class="secondary">
                    {t('lists.add_found')}
                  </button>
                </div>
              </div>
            ) : (
              <p class="muted">{t('lists.none_found')}</p>
            )
          ) : null}
        </fieldset>

        <fieldset class="add-persons">
          <legend>{t('lists.unit_legend')}</legend>
          <Select form={form} name="/unit/unit_id" label={t('lists.unit_label')} hint={t('lists.unit_hint')} options={draft?.units ?? []} blank={t('form.choose')} />
          <div class="actions">
            <button type="submit" name="_do" value="add_unit" class="secondary">
              {t('lists.add_unit')}
            </button>
          </div>
        </fieldset>

        <fieldset class="add-persons">
          <legend>{t('lists.paste_legend')}</legend>
          <TextArea form={form} name="/paste/numbers" label={t('lists.paste_label')} hint={t('lists.paste_hint')} rows={4} />
          {draft?.pasted?.length ? (
            <ul class="pasted-report" id={`${controlId('/paste/numbers')}-report`}>
              {draft.pasted.map((p) => (
                <li>
                  {t('lists.line', { line: p.line })} <bdi dir="ltr">{p.typed}</bdi> — {p.problem === 'unreadable' ? t('lists.pasted_unreadable') : p.problem === 'not_on_register' ? t('lists.pasted_not_on_register') : t('lists.pasted_not_at_origin')}
                  {p.where ? (
                    <>
                      {' '}
                      (<bdi>{p.where}</bdi>)
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <div class="actions">
            <button type="submit" name="_do" value="add_list" class="secondary">
              {t('lists.add_list')}
            </button>
          </div>
        </fieldset>
      </section>

      <div class="actions">
        <button type="submit" name="_do" value="create">
          {t('transfer.create')}
        </button>
        <a href="/transfers">{t('form.cancel')}</a>
      </div>
    </form>
  );
}
