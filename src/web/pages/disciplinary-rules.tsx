/**
 * A facility's disciplinary rules (MR37): every version adopted, the one in force today marked,
 * each offence with the conduct that constitutes it, the sanctions it may bring and for how long,
 * and the authority competent to impose them; and, for the officials who manage facilities, the
 * form to adopt a new version from a day — filled with the rules in force, a row an offence, every
 * mistake the form can see shown at once at its control. Every change is the API's request
 * (forms.ts callApi).
 */
import { h, Fragment, type Html } from '../jsx.ts';
import { messagePage, page } from '../layout.tsx';
import { Badge, Checkbox, DateInput, ErrorSummary, FormKeys, Input, TextArea } from '../components.tsx';
import { callApi, formKey, postedValues, ReadRefused, withErrors, withProblem, type FormState } from '../forms.ts';
import { dateProblemMessage, readDate } from '../form-dates.ts';
import { whole } from './cases/forms.ts';
import { permittedSanctions } from '../../domain/sanction.ts';
import { maxOffences, type DisciplinaryRules, type OffenceRule } from '../../domain/disciplinary-rules.ts';
import { isUuid } from '../../domain/values.ts';
import { facilities } from '../../api/read-models.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

type Values = Record<string, string>;
interface RulesRead {
  readonly in_force: string | null;
  readonly versions: readonly DisciplinaryRules[];
}

/** Blank offence rows the form offers beyond those filled. */
const blankRows = 2;
const rowText = ['code', 'rule', 'title', 'conduct', 'authority'] as const;
const rowControls = (i: number) => [...rowText.map((k) => `/offences/${i}/${k}`), `/offences/${i}/sanctions`, ...permittedSanctions.flatMap((k) => [`/offences/${i}/sanctions/${k}`, `/offences/${i}/max_days/${k}`])];

/** How many rows a form shows: those posted, and blank ones after them. */
function rowCount(values: Values): number {
  let highest = -1;
  for (const name of Object.keys(values)) {
    const m = /^\/offences\/(\d+)\//.exec(name);
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  return Math.min(maxOffences, highest + 1 + blankRows);
}

/** The form's values for a version of the rules (a new version starts from the one in force). */
function valuesOf(rules: DisciplinaryRules | null): Values {
  const v: Values = {};
  if (!rules) return v;
  v['/legal_basis'] = rules.legal_basis;
  rules.offences.forEach((o, i) => {
    for (const k of rowText) v[`/offences/${i}/${k}`] = o[k];
    for (const s of o.sanctions) {
      v[`/offences/${i}/sanctions/${s.kind}`] = 'yes';
      if (s.max_days !== null) v[`/offences/${i}/max_days/${s.kind}`] = String(s.max_days);
    }
  });
  return v;
}

/** The request a posted form makes, what it can see wrong (each at its control), and where the API's refusal of row n goes. */
function readRules(view: View, v: Values) {
  const { t } = view;
  const errors = new Map<string, string>();
  const day = readDate(v['/effective_from']);
  if (!day.ok) errors.set('/effective_from', dateProblemMessage(t, t('rules.effective_from'), day.problem));
  if (!(v['/legal_basis'] ?? '').trim()) errors.set('/legal_basis', t('form.missing', { field: t('rules.legal_basis') }));
  const rows: number[] = [];
  const offences: { code: string; rule: string; title: string; conduct: string; sanctions: { kind: string; max_days?: number | string }[]; authority: string }[] = [];
  for (let i = 0; i < rowCount(v); i++) {
    const text = (k: string) => (v[`/offences/${i}/${k}`] ?? '').trim();
    const kinds = permittedSanctions.filter((k) => v[`/offences/${i}/sanctions/${k}`] === 'yes');
    if (rowText.every((k) => !text(k)) && !kinds.length) continue;
    for (const k of rowText) if (!text(k)) errors.set(`/offences/${i}/${k}`, t('form.missing', { field: t(`rules.${k}`) }));
    if (!kinds.length) errors.set(`/offences/${i}/sanctions`, t('rules.no_sanction_chosen'));
    const sanctions = kinds.map((kind) => {
      const days = (v[`/offences/${i}/max_days/${kind}`] ?? '').trim();
      if (kind !== 'warning' && !days) errors.set(`/offences/${i}/max_days/${kind}`, t('form.missing', { field: `${t.of('sanction_kind', kind)}: ${t('rules.max_days')}` }));
      return kind === 'warning' || !days ? { kind } : { kind, max_days: whole(days) };
    });
    rows.push(i);
    offences.push({ code: text('code'), rule: text('rule'), title: text('title'), conduct: text('conduct'), sanctions, authority: text('authority') });
  }
  if (!offences.length) errors.set('/offences/0/code', t('rules.no_offence'));
  const body = { effective_from: day.ok ? day.iso : (v['/effective_from'] ?? ''), legal_basis: (v['/legal_basis'] ?? '').trim(), offences };
  /** The form's control for a field of the request: row n of the request is row rows[n] of the form; a sanction is named by its kind. */
  const controlOf = (field: string | undefined) =>
    field?.replace(/^\/(?:body\/)?offences\/(\d+)(?:\/sanctions\/(\d+)\/(kind|max_days))?/, (_m, n: string, j?: string, part?: string) => {
      const row = rows[Number(n)] ?? Number(n);
      if (j === undefined) return `/offences/${row}`;
      const kind = offences[Number(n)]?.sanctions[Number(j)]?.kind ?? '';
      return part === 'kind' ? `/offences/${row}/sanctions/${kind}` : `/offences/${row}/max_days/${kind}`;
    }) ?? field;
  return { body, errors, controlOf };
}

function SanctionList(props: { view: View; offence: OffenceRule }): Html {
  const { t } = props.view;
  return (
    <ul class="plain">
      {props.offence.sanctions.map((s) => (
        <li>{s.max_days === null ? t.of('sanction_kind', s.kind) : t('rules.sanction_up_to', { kind: t.of('sanction_kind', s.kind), days: t.number(s.max_days) })}</li>
      ))}
    </ul>
  );
}

function Version(props: { view: View; rules: DisciplinaryRules; inForce: boolean }): Html {
  const { view, rules } = props;
  const { t } = view;
  return (
    <section aria-labelledby={`rules-${rules.id}`} data-rules={rules.id}>
      <h2 id={`rules-${rules.id}`}>
        {t('rules.version', { from: t.date(`${rules.effective_from}T12:00:00Z`) })} {props.inForce ? <Badge tone="ok">{t('rules.in_force')}</Badge> : null}
      </h2>
      <p class="muted">
        <bdi>{rules.legal_basis}</bdi> · {t('rules.adopted', { at: t.dateTime(rules.adopted_at) })} <bdi>{view.official(rules.adopted_by)}</bdi>
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('rules.rule')}</th>
              <th scope="col">{t('rules.title')}</th>
              <th scope="col">{t('rules.conduct')}</th>
              <th scope="col">{t('rules.sanctions')}</th>
              <th scope="col">{t('rules.authority')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.offences.map((o) => (
              <tr>
                <td dir="ltr">
                  {o.rule} <code>{o.code}</code>
                </td>
                <td>
                  <bdi>{o.title}</bdi>
                </td>
                <td>
                  <bdi>{o.conduct}</bdi>
                </td>
                <td>
                  <SanctionList view={view} offence={o} />
                </td>
                <td>
                  <bdi>{o.authority}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function AdoptForm(props: { view: View; facilityId: string; form: FormState }): Html {
  const { view, form } = props;
  const { t } = view;
  const posted = Object.keys(form.values).some((k) => k.startsWith('/offences/'));
  return (
    <section aria-labelledby="adopt-heading" id="adopt">
      <h2 id="adopt-heading">{t('rules.adopt')}</h2>
      <p class="hint">{t('rules.adopt_hint')}</p>
      <form method="post" action={`/facilities/${props.facilityId}/disciplinary-rules`} class="stack" novalidate>
        <FormKeys view={view} formKey={form.values._key ?? formKey()} />
        <ErrorSummary view={view} form={form} />
        <div class="grid-3">
          <DateInput form={form} t={t} name="/effective_from" label={t('rules.effective_from')} required />
          <Input form={form} name="/legal_basis" label={t('rules.legal_basis')} required />
        </div>
        {Array.from({ length: rowCount(form.values) }, (_, i) => (
          <fieldset class="stack">
            <legend>{t('rules.offence_n', { n: t.number(i + 1) })}</legend>
            <div class="grid-3">
              <Input form={form} name={`/offences/${i}/code`} label={t('rules.code')} hint={t('rules.code_hint')} dir="ltr" />
              <Input form={form} name={`/offences/${i}/rule`} label={t('rules.rule')} />
              <Input form={form} name={`/offences/${i}/title`} label={t('rules.title')} />
            </div>
            <TextArea form={form} name={`/offences/${i}/conduct`} label={t('rules.conduct')} rows={2} />
            <Input form={form} name={`/offences/${i}/authority`} label={t('rules.authority')} />
            <fieldset id={`f-offences-${i}-sanctions`} class={form.errors.has(`/offences/${i}/sanctions`) ? 'checks has-error' : 'checks'}>
              <legend>{t('rules.sanctions')}</legend>
              {form.errors.get(`/offences/${i}/sanctions`) ? <p class="error">{form.errors.get(`/offences/${i}/sanctions`)}</p> : null}
              <div class="grid-3">
                {permittedSanctions.map((kind) => (
                  <div>
                    <Checkbox form={posted ? form : { ...form, values: { ...form.values, [`/offences/${i}/sanctions/${kind}`]: form.values[`/offences/${i}/sanctions/${kind}`] ?? '' } }} name={`/offences/${i}/sanctions/${kind}`} label={t.of('sanction_kind', kind)} />
                    {kind === 'warning' ? null : <Input form={form} name={`/offences/${i}/max_days/${kind}`} label={t('rules.max_days')} dir="ltr" inputmode="numeric" />}
                  </div>
                ))}
              </div>
            </fieldset>
          </fieldset>
        ))}
        <div class="actions">
          <button type="submit">{t('rules.adopt')}</button>
        </div>
      </form>
    </section>
  );
}

export function disciplinaryRulesPages(web: Web): void {
  type Req = Parameters<Parameters<Web['get']>[2]>[0];
  type Reply = Parameters<Parameters<Web['get']>[2]>[1];

  async function rulesPage(request: Req, view: View, id: string, form: FormState | null, notice?: string): Promise<string> {
    const read = await callApi<RulesRead>(web.api, request, 'GET', `/api/facilities/${id}/disciplinary-rules`);
    if (!read.ok) throw new ReadRefused(read.problem);
    const [facility] = await facilities(web.ctx.db, id);
    const { t } = view;
    const inForce = read.body.versions.find((v) => v.id === read.body.in_force) ?? null;
    return page({
      view,
      title: t('rules.page_title', { facility: facility?.name ?? '' }),
      nav: '/search',
      children: (
        <>
          {notice ? (
            <p class="banner ok" role="status">
              {t('rules.adopted_notice')}
            </p>
          ) : null}
          <p class="hint">{t('rules.intro')}</p>
          {read.body.versions.length ? read.body.versions.map((v) => <Version view={view} rules={v} inForce={v.id === read.body.in_force} />) : <p class="muted">{t('rules.none')}</p>}
          {view.can('facility.manage') ? <AdoptForm view={view} facilityId={id} form={form ?? { values: valuesOf(inForce), errors: new Map(), general: [] }} /> : null}
        </>
      ),
    });
  }

  const notFound = (view: View, reply: Reply) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));

  web.get<{ notice?: string }, { id: string }>('/facilities/:id/disciplinary-rules', 'facility.read', async (request, reply, view) => {
    if (!isUuid(request.params.id)) return notFound(view, reply);
    return rulesPage(request as never, view, request.params.id, null, request.query.notice === 'adopted' ? 'adopted' : undefined);
  });

  web.post<Record<string, string>, { id: string }>('/facilities/:id/disciplinary-rules', { permission: 'facility.manage', scope: { facility: '/params/id' } }, async (request, reply, view) => {
    const id = request.params.id;
    if (!isUuid(id)) return notFound(view, reply);
    const values = postedValues(request.body);
    const { body, errors, controlOf } = readRules(view, values);
    const controls = ['/effective_from', '/legal_basis', ...Array.from({ length: rowCount(values) }, (_, i) => rowControls(i)).flat()];
    const again = async (form: FormState) => reply.code(422).type('text/html; charset=utf-8').send(await rulesPage(request as never, view, id, form));
    // Every mistake the form can see is shown at once; only a form without any is sent.
    if (errors.size) return again(withErrors(values, errors, controls));
    const answer = await callApi(web.api, request, 'POST', `/api/facilities/${id}/disciplinary-rules`, body, values._key);
    if (answer.ok) return reply.redirect(`/facilities/${id}/disciplinary-rules?notice=adopted`, 303);
    return again(withProblem(view.t, values, { ...answer.problem, field: controlOf(answer.problem.field) }, controls));
  });
}
