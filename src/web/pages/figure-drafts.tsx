/**
 * Publications of the figures for the officials who make them (issue 17): every publication
 * prepared, waiting or published; the form that prepares one (threshold of suppression at
 * least 3, rounding, zeros) at the log as it stands; the preview of its tables as they would be
 * published (suppressed cells marked); and the approval, refused to the official who prepared
 * it, with the refusal shown at the button. Every form goes to the API in-process, so its
 * permissions and refusals are the API's: a supervisor prepares, another approves.
 */
import { h, Fragment, type Html } from '../jsx.ts';
import { page } from '../layout.tsx';
import { Checkbox, DateInput, ErrorSummary, FormKeys, Input, Radios } from '../components.tsx';
import { dateProblemMessage, readDate } from '../form-dates.ts';
import { callApi, emptyForm, formKey, postedValues, problemMessage, withErrors, withProblem, type FormState, type Problem } from '../forms.ts';
import { currentLogSize, figureDraft, figureDrafts, type FigureDraft } from '../../queries/figure-drafts.ts';
import { defaultParameters, minimumThreshold } from '../../domain/figures-publication.ts';
import { ApiProblem } from '../../api/problem.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';
import { FiguresTable } from './figures.tsx';
import { heldWithoutValidOrder } from '../../domain/figures.ts';

const prepareControls = ['/threshold', '/rounding', '/publish_zeros', '/log_as_of'];

function Status(props: { view: View; draft: FigureDraft }): Html {
  const { t } = props.view;
  return <>{props.draft.number === null ? t('figures.drafts.waiting') : t('figures.drafts.published', { n: t.plain(props.draft.number) })}</>;
}

/** The body the API takes, from the form; a threshold that is not a whole number, or a day that is not one, is refused here at its field. */
function preparation(view: View, values: Record<string, string>): { body: Record<string, unknown> } | { form: FormState } {
  const errors = new Map<string, string>();
  const threshold = (values['/threshold'] ?? '').trim();
  if (!/^[0-9]{1,4}$/.test(threshold)) errors.set('/threshold', view.t('figures.drafts.threshold_whole'));
  const asOf = (values['/log_as_of'] ?? '').trim() ? readDate(values['/log_as_of']) : null;
  if (asOf && !asOf.ok) errors.set('/log_as_of', dateProblemMessage(view.t, view.t('figures.drafts.log_as_of'), asOf.problem));
  if (errors.size) return { form: withErrors(values, errors, prepareControls) };
  return {
    body: { threshold: Number(threshold), rounding: values['/rounding'] === '1' ? 1 : 5, publish_zeros: values['/publish_zeros'] === 'yes', ...(asOf?.ok ? { log_as_of: asOf.iso } : {}) },
  };
}

export function figureDraftPages(web: Web): void {
  const { ctx } = web;

  async function overview(view: View, form: FormState = emptyForm): Promise<string> {
    const { t } = view;
    const [drafts, size] = await Promise.all([figureDrafts(ctx.db), currentLogSize(ctx.db)]);
    const values = form.values._key ? form : { ...form, values: { '/threshold': String(defaultParameters.threshold), '/rounding': String(defaultParameters.rounding), '/publish_zeros': defaultParameters.publish_zeros ? 'yes' : '', ...form.values } };
    return page({
      view,
      title: t('figures.drafts.title'),
      nav: '/figures/drafts',
      children: (
        <>
          <p>{t('figures.drafts.intro')}</p>
          <section aria-labelledby="prepare-heading">
            <h2 id="prepare-heading">{t('figures.drafts.prepare')}</h2>
            <form method="post" action="/figures/drafts" class="stack">
              <ErrorSummary view={view} form={values} />
              <FormKeys view={view} formKey={values.values._key ?? formKey()} />
              <Input form={values} name="/threshold" type="number" label={t('figures.drafts.threshold')} hint={t('figures.drafts.threshold_hint', { minimum: t.number(minimumThreshold) })} dir="ltr" required extra={{ min: String(minimumThreshold), step: '1' }} />
              <Radios form={values} name="/rounding" legend={t('figures.drafts.rounding')} options={[['5', t('figures.drafts.rounding_5')], ['1', t('figures.drafts.rounding_1')]]} />
              <Checkbox form={values} name="/publish_zeros" label={t('figures.drafts.publish_zeros')} />
              <DateInput form={values} t={t} name="/log_as_of" label={t('figures.drafts.log_as_of')} />
              <p class="hint">{t('figures.drafts.as_of_hint', { size: t.number(size) })}</p>
              <button type="submit">{t('figures.drafts.prepare')}</button>
            </form>
          </section>
          <section aria-labelledby="drafts-heading">
            <h2 id="drafts-heading">{t('figures.drafts.list')}</h2>
            {drafts.length ? (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('figures.drafts.prepared_at')}</th>
                      <th scope="col">{t('figures.drafts.prepared_by')}</th>
                      <th scope="col">{t('figures.log_size')}</th>
                      <th scope="col">{t('figures.as_of')}</th>
                      <th scope="col">{t('figures.drafts.state')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {drafts.map((d) => (
                      <tr>
                        <td>
                          <a href={`/figures/drafts/${d.publication_id}`}>{t.dateTime(d.prepared_at)}</a>
                        </td>
                        <td><bdi>{view.official(d.prepared_by)}</bdi></td>
                        <td>{t.number(d.log_size)}</td>
                        <td>{d.record.as_of ? t.date(d.record.as_of) : '—'}</td>
                        <td><Status view={view} draft={d} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="muted">{t('figures.drafts.none')}</p>
            )}
          </section>
        </>
      ),
    });
  }

  async function preview(view: View, id: string, refusal?: Problem): Promise<string> {
    const { t } = view;
    const d = await figureDraft(ctx.db, id);
    if (!d) throw new ApiProblem('not_found', 'no publication of figures was prepared with this id');
    const r = d.record;
    const refused = refusal ? (refusal.code === 'same_official' ? t('figures.drafts.same_official') : problemMessage(t, refusal)) : null;
    return page({
      view,
      title: t('figures.drafts.preview'),
      nav: '/figures/drafts',
      children: (
        <div class="figures">
          <p>
            <a href="/figures/drafts">{t('figures.drafts.back')}</a>
          </p>
          <dl class="facts">
            <dt>{t('figures.drafts.state')}</dt>
            <dd><Status view={view} draft={d} /></dd>
            <dt>{t('figures.drafts.prepared_at')}</dt>
            <dd>{t.dateTime(d.prepared_at)}</dd>
            <dt>{t('figures.drafts.prepared_by')}</dt>
            <dd><bdi>{view.official(d.prepared_by)}</bdi></dd>
            {d.approved_by ? (
              <>
                <dt>{t('figures.drafts.approved_by')}</dt>
                <dd><bdi>{view.official(d.approved_by)}</bdi></dd>
              </>
            ) : null}
            <dt>{t('figures.as_of')}</dt>
            <dd>{r.as_of ? t.date(r.as_of) : '—'}</dd>
            {r.measured_at ? (
              <>
                <dt>{t('figures.measured_at')}</dt>
                <dd>{t.dateTime(r.measured_at)}</dd>
              </>
            ) : null}
            <dt>{t('figures.log_size')}</dt>
            <dd>{t.number(d.log_size)}</dd>
            <dt>{t('figures.protection')}</dt>
            <dd>{t('figures.protection_is', { threshold: t.number(r.parameters.threshold), rounding: t.number(r.parameters.rounding) })}</dd>
          </dl>
          {d.number === null ? (
            view.can('figures.approve') ? (
              <form method="post" action={`/figures/drafts/${d.publication_id}/approval`} class="stack">
                <FormKeys view={view} formKey={formKey()} />
                <p class="hint">{t('figures.drafts.approve_hint')}</p>
                <div class={refused ? 'field has-error' : 'field'}>
                  {refused ? (
                    <p class="error" id="approve-error" role="alert">
                      {refused}
                    </p>
                  ) : null}
                  <button type="submit" aria-describedby={refused ? 'approve-error' : undefined}>
                    {t('figures.drafts.approve')}
                  </button>
                </div>
              </form>
            ) : null
          ) : (
            <p>
              <a href={`/figures/${d.number}`}>{t('figures.drafts.see_published')}</a>
            </p>
          )}
          <h2>{t('figures.tables')}</h2>
          <p class="hint">{t('figures.suppressed_explained', { threshold: t.number(r.parameters.threshold) })}</p>
          {r.measured_at && r.tables.some((x) => x.columns.includes(heldWithoutValidOrder)) ? <p class="hint">{t('figures.held_measured_at', { at: t.dateTime(r.measured_at) })}</p> : null}
          {r.tables.map((table) => (
            <FiguresTable t={t} table={table} notMeasured={r.not_measured.filter((m) => m.table === table.name).map((m) => m.column)} />
          ))}
        </div>
      ),
    });
  }

  web.get('/figures/drafts', 'figures.prepare', async (_request, _reply, view) => overview(view));

  web.post('/figures/drafts', 'figures.prepare', async (request, reply, view) => {
    const values = postedValues(request.body);
    const read = preparation(view, values);
    if ('form' in read) return reply.code(422).type('text/html; charset=utf-8').send(await overview(view, read.form));
    const answer = await callApi<{ publication_id: string }>(web.api, request, 'POST', '/api/figures', read.body, values._key);
    if (answer.ok) return reply.redirect(`/figures/drafts/${answer.body.publication_id}`, 303);
    const form = withProblem(view.t, values, answer.problem, prepareControls);
    // The threshold's own rule, rather than the general words for a value refused.
    const errors = form.errors.has('/threshold') ? new Map([['/threshold', view.t('figures.drafts.threshold_hint', { minimum: view.t.number(minimumThreshold) })]]) : form.errors;
    return reply.code(answer.problem.status === 403 ? 403 : 422).type('text/html; charset=utf-8').send(await overview(view, { ...form, errors }));
  });

  web.get<Record<string, string>, { id: string }>('/figures/drafts/:id', 'figures.prepare', async (request, _reply, view) => preview(view, request.params.id));

  web.post<Record<string, string>, { id: string }>('/figures/drafts/:id/approval', 'figures.approve', async (request, reply, view) => {
    const values = postedValues(request.body);
    const id = request.params.id;
    if (!(await figureDraft(ctx.db, id))) throw new ApiProblem('not_found', 'no publication of figures was prepared with this id');
    const answer = await callApi<{ number: number }>(web.api, request, 'POST', `/api/figures/${encodeURIComponent(id)}/approval`, {}, values._key);
    if (answer.ok) return reply.redirect(`/figures/${answer.body.number}`, 303);
    return reply.code(answer.problem.status === 403 ? 403 : 422).type('text/html; charset=utf-8').send(await preview(view, id, answer.problem));
  });
}
