/**
 * Roll calls: the daily report of a facility (the register's roll, the day's roll calls and
 * their discrepancies, everyone not seen for N days), opening a roll call for the facility or
 * one unit, counting by register number (one scan at a time, which htmx adds without
 * reloading, or a scanner's export pasted or loaded at once), reconciling with the register,
 * resolving each discrepancy with a reason, and the sign-off by an official who took no part
 * in the count. Every change is the API's request; the four-eyes rule and every other refusal
 * are the API's, shown at the form concerned.
 */
import { h, Fragment, type Html } from '../jsx.ts';
import { page, messagePage } from '../layout.tsx';
import { Badge, ErrorSummary, FormKeys, Input, RegNo, Select, TextArea } from '../components.tsx';
import { callApi, emptyForm, formKey, postedValues, problemMessage, scannedNumbers, withProblem, type FormState, type Problem } from '../forms.ts';
import { facilities, type FacilityView } from '../../api/read-models.ts';
import { defaultNotSeenDays, maxCountBatch, maxNotSeenDays } from '../../domain/roll-call.ts';
import type { DiscrepancyView, HoldingView, RollCallReport, RollCallView } from '../../queries/roll-call-report.ts';
import { isUuid } from './person.tsx';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

export const rollCallTone: Readonly<Record<string, 'ok' | 'warn' | 'bad' | 'info'>> = { open: 'info', counting: 'warn', reconciled: 'warn', signed_off: 'ok' };

/** The query of a report page, as it may be typed into the address bar. */
export interface ReportParams {
  readonly facility_id?: string;
  readonly date?: string;
  readonly not_seen_days?: string;
}

/** The report's query string for the API (only well-formed values pass; the API checks them again). */
export function reportQuery(params: ReportParams, fallbackFacility: string): string {
  const q = new URLSearchParams({ facility_id: params.facility_id && isUuid(params.facility_id) ? params.facility_id : fallbackFacility });
  if (params.date) q.set('date', params.date);
  if (params.not_seen_days) q.set('not_seen_days', params.not_seen_days);
  return q.toString();
}

/** Where the register holds a person named by a discrepancy. */
export function Held(props: { view: View; held: HoldingView | null }): Html {
  const { t } = props.view;
  const h0 = props.held;
  if (!h0) return <span class="muted">{t('rollcall.not_on_register')}</span>;
  const place = [h0.facility_name, h0.unit_name].filter((x): x is string => !!x);
  return (
    <>
      {t.of('custody_status', h0.status)}
      {place.length ? (
        <>
          {' · '}
          <bdi>{place.join(' — ')}</bdi>
        </>
      ) : null}
      {h0.transfer_id ? (
        <>
          {' · '}
          <a href={`/transfers/${h0.transfer_id}`}>{t('rollcall.on_transfer')}</a>
        </>
      ) : null}
    </>
  );
}

/** The roll calls of a report, one a row. */
export function RollCallRows(props: { view: View; rollCalls: readonly RollCallView[]; links: boolean }): Html {
  const { t } = props.view;
  if (!props.rollCalls.length) return <p class="muted">{t('rollcall.none_today')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('rollcall.place')}</th>
            <th scope="col">{t('rollcall.status')}</th>
            <th scope="col">{t('rollcall.opened')}</th>
            <th scope="col" class="num">{t('rollcall.expected')}</th>
            <th scope="col" class="num">{t('rollcall.counted')}</th>
            <th scope="col" class="num">{t('rollcall.discrepancies')}</th>
            <th scope="col">{t('rollcall.signed_off_by')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rollCalls.map((rc) => (
            <tr class={rc.unresolved ? 'row-bad' : undefined}>
              <td>{props.links ? <a href={`/roll-calls/${rc.id}`}>{rc.unit_name ? <bdi>{rc.unit_name}</bdi> : t('rollcall.whole_facility')}</a> : rc.unit_name ? <bdi>{rc.unit_name}</bdi> : t('rollcall.whole_facility')}</td>
              <td>
                <Badge tone={rollCallTone[rc.status]}>{t.of('rollcall_status', rc.status)}</Badge>
              </td>
              <td>
                {t.dateTime(rc.opened_at)} · <bdi dir="ltr">{rc.opened_by}</bdi>
              </td>
              <td class="num">{t.number(rc.expected)}</td>
              <td class="num">{t.number(rc.counted)}</td>
              <td class="num">{t('rollcall.discrepancy_figures', { all: rc.discrepancies.length, open: rc.unresolved })}</td>
              <td>{rc.signed_off_by ? <><bdi dir="ltr">{rc.signed_off_by}</bdi> · {t.dateTime(rc.signed_off_at!)}</> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The report's sections: the register's roll, the day's roll calls, and who has not been seen. Shared with the printed report. */
export function ReportBody(props: { view: View; report: RollCallReport; links: boolean }): Html {
  const { view, report } = props;
  const { t } = view;
  return (
    <>
      <section aria-labelledby="roll-heading">
        <h2 id="roll-heading">{t('rollcall.register_roll')}</h2>
        <p>{t('rollcall.register_roll_total', { count: report.register_roll.in_custody })}</p>
        <div class="table-wrap">
          <table class="compact">
            <thead>
              <tr>
                <th scope="col">{t('rollcall.unit')}</th>
                <th scope="col" class="num">{t('rollcall.in_custody')}</th>
              </tr>
            </thead>
            <tbody>
              {report.register_roll.by_unit.map((u) => (
                <tr>
                  <td>
                    <bdi>{u.unit_name}</bdi>
                  </td>
                  <td class="num">{t.number(u.in_custody)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="calls-heading">
        <h2 id="calls-heading">{t('rollcall.calls_of_day', { date: t.date(report.date) })}</h2>
        <RollCallRows view={view} rollCalls={report.roll_calls} links={props.links} />
        {report.roll_calls
          .filter((rc) => rc.discrepancies.length)
          .map((rc) => (
            <>
              <h3>
                {rc.unit_name ? <bdi>{rc.unit_name}</bdi> : t('rollcall.whole_facility')} · {t.dateTime(rc.opened_at)}
              </h3>
              <DiscrepancyTable view={view} rollCall={rc} discrepancies={rc.discrepancies} forms={new Map()} mayResolve={false} />
            </>
          ))}
      </section>
      <section aria-labelledby="not-seen-heading">
        <h2 id="not-seen-heading">{t('rollcall.not_seen_heading', { days: report.not_seen.days, count: report.not_seen.count })}</h2>
        <p class="hint">{t('rollcall.not_seen_intro', { since: t.dateTime(report.not_seen.since) })}</p>
        {report.not_seen.persons.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('person.register_number')}</th>
                  <th scope="col">{t('rollcall.unit')}</th>
                  <th scope="col">{t('rollcall.last_seen')}</th>
                  <th scope="col">{t('rollcall.seen_by')}</th>
                </tr>
              </thead>
              <tbody>
                {report.not_seen.persons.map((p) => (
                  <tr>
                    <td>{props.links ? <a href={`/persons/${p.person_id}`}><RegNo value={p.register_number} /></a> : <RegNo value={p.register_number} />}</td>
                    <td>
                      <bdi>{p.unit_name}</bdi>
                    </td>
                    <td>{t.dateTime(p.last_seen_at)}</td>
                    <td>{t.of('seen_by', p.last_seen_by)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">{t('rollcall.everyone_seen')}</p>
        )}
        {report.not_seen.truncated ? <p class="muted">{t('rollcall.not_seen_truncated', { shown: report.not_seen.persons.length })}</p> : null}
      </section>
    </>
  );
}

/** Discrepancies of one kind or both: who, where the register holds them, and the resolution (or the form to give it). */
function DiscrepancyTable(props: { view: View; rollCall: RollCallView; discrepancies: readonly DiscrepancyView[]; forms: ReadonlyMap<string, FormState>; mayResolve: boolean }): Html {
  const { view } = props;
  const { t } = view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('person.register_number')}</th>
            <th scope="col">{t('rollcall.kind')}</th>
            <th scope="col">{t('rollcall.held')}</th>
            <th scope="col">{t('rollcall.resolution')}</th>
          </tr>
        </thead>
        <tbody>
          {props.discrepancies.map((d) => {
            const form = props.forms.get(d.id) ?? emptyForm;
            return (
              <tr class={d.status === 'open' ? 'row-bad' : undefined} id={`d-${d.id}`}>
                <td>{d.person_id ? <a href={`/persons/${d.person_id}`}><RegNo value={d.register_number} /></a> : <RegNo value={d.register_number} />}</td>
                <td>{t.of('discrepancy_kind', d.kind)}</td>
                <td>
                  <Held view={view} held={d.held} />
                </td>
                <td>
                  {d.status === 'resolved' ? (
                    <>
                      <Badge tone="ok">{t('rollcall.resolved')}</Badge> <bdi>{d.reason}</bdi>
                      <div class="muted">
                        <bdi dir="ltr">{d.resolved_by}</bdi> · {d.resolved_at ? t.dateTime(d.resolved_at) : ''}
                      </div>
                    </>
                  ) : props.mayResolve ? (
                    <form method="post" action={`/roll-calls/${props.rollCall.id}/discrepancies/${d.id}/resolve`} class="inline-form" novalidate>
                      <FormKeys view={view} formKey={formKey()} />
                      {form.general.length && !form.errors.size ? <p class="error" role="alert">{form.general.join(' ')}</p> : null}
                      <Input form={form} name="/reason" label={t('rollcall.reason')} hint={t('rollcall.reason_hint')} required />
                      <button type="submit" class="secondary">{t('rollcall.resolve')}</button>
                    </form>
                  ) : (
                    <Badge tone="bad">{t('rollcall.open_discrepancy')}</Badge>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface Counted {
  readonly newly_counted: number;
  readonly repeated: number;
  readonly total_counted: number;
  readonly not_on_register: readonly string[];
}

/** The counting part of a roll call: one scan at a time (htmx: in place), a scanner's list at once, and closing the count. */
function CountSection(props: { view: View; rollCall: RollCallView; form: FormState; batchForm: FormState; counted?: Counted; reconcileForm: FormState }): Html {
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

interface RollCallForms {
  readonly count?: FormState;
  readonly batch?: FormState;
  readonly reconcile?: FormState;
  readonly signOff?: FormState;
  readonly resolve?: ReadonlyMap<string, FormState>;
}

function RollCallPage(props: { view: View; rollCall: RollCallView; facility: FacilityView | undefined; forms: RollCallForms; notice?: string; counted?: Counted }): Html {
  const { view, rollCall: rc, forms } = props;
  const { t, can } = view;
  const missing = rc.discrepancies.filter((d) => d.kind === 'expected_not_counted');
  const extra = rc.discrepancies.filter((d) => d.kind === 'counted_not_expected');
  const notices: Record<string, string> = {
    opened: t('rollcall.notice_opened'),
    counted: t('rollcall.notice_counted'),
    reconciled: t('rollcall.notice_reconciled'),
    resolved: t('rollcall.notice_resolved'),
    signed_off: t('rollcall.notice_signed_off'),
  };
  const participants = [...new Set([rc.opened_by, ...rc.counted_by, ...(rc.reconciled_by ? [rc.reconciled_by] : [])])];
  return (
    <>
      {props.notice && notices[props.notice] ? (
        <p class="banner ok" role="status">
          {notices[props.notice]}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t('rollcall.facility')}</dt>
        <dd>
          <bdi>{props.facility?.name ?? rc.facility_id}</bdi>
        </dd>
        <dt>{t('rollcall.place')}</dt>
        <dd>{rc.unit_name ? <bdi>{rc.unit_name}</bdi> : t('rollcall.whole_facility')}</dd>
        <dt>{t('rollcall.status')}</dt>
        <dd>
          <Badge tone={rollCallTone[rc.status]}>{t.of('rollcall_status', rc.status)}</Badge>
        </dd>
        <dt>{t('rollcall.opened')}</dt>
        <dd>
          {t.dateTime(rc.opened_at)} · <bdi dir="ltr">{rc.opened_by}</bdi>
        </dd>
        <dt>{t('rollcall.expected')}</dt>
        <dd>{t.number(rc.expected)}</dd>
        <dt>{t('rollcall.counted')}</dt>
        <dd>{t.number(rc.counted)}</dd>
        <dt>{t('rollcall.participants')}</dt>
        <dd>
          {participants.map((p, i) => (
            <>
              {i ? ', ' : ''}
              <bdi dir="ltr">{p}</bdi>
            </>
          ))}
        </dd>
        {rc.reconciled_at ? (
          <>
            <dt>{t('rollcall.reconciled')}</dt>
            <dd>
              {t.dateTime(rc.reconciled_at)} · <bdi dir="ltr">{rc.reconciled_by}</bdi>
            </dd>
          </>
        ) : null}
        {rc.signed_off_at ? (
          <>
            <dt>{t('rollcall.signed_off_by')}</dt>
            <dd>
              <bdi dir="ltr">{rc.signed_off_by}</bdi> · {t.dateTime(rc.signed_off_at)}
            </dd>
          </>
        ) : null}
      </dl>
      <p class="actions no-print">
        <a class="button secondary" href={`/roll-calls?facility_id=${rc.facility_id}`}>
          {t('rollcall.to_report')}
        </a>
      </p>
      {(rc.status === 'open' || rc.status === 'counting') && can('rollcall.run') ? (
        <CountSection view={view} rollCall={rc} form={forms.count ?? emptyForm} batchForm={forms.batch ?? emptyForm} counted={props.counted} reconcileForm={forms.reconcile ?? emptyForm} />
      ) : null}
      {rc.status === 'reconciled' || rc.status === 'signed_off' ? (
        <section id="discrepancies" aria-labelledby="discrepancies-heading">
          <h2 id="discrepancies-heading">{t('rollcall.discrepancies_heading', { count: rc.discrepancies.length })}</h2>
          {rc.unresolved ? (
            <p class="banner bad" role="alert">
              {t('rollcall.unresolved', { count: rc.unresolved })}
            </p>
          ) : null}
          <h3 id="missing-heading">{t('rollcall.expected_not_counted_heading', { count: missing.length })}</h3>
          {missing.length ? (
            <DiscrepancyTable view={view} rollCall={rc} discrepancies={missing} forms={forms.resolve ?? new Map()} mayResolve={rc.status === 'reconciled' && can('rollcall.run')} />
          ) : (
            <p class="muted">{t('rollcall.none')}</p>
          )}
          <h3 id="extra-heading">{t('rollcall.counted_not_expected_heading', { count: extra.length })}</h3>
          {extra.length ? (
            <DiscrepancyTable view={view} rollCall={rc} discrepancies={extra} forms={forms.resolve ?? new Map()} mayResolve={rc.status === 'reconciled' && can('rollcall.run')} />
          ) : (
            <p class="muted">{t('rollcall.none')}</p>
          )}
        </section>
      ) : null}
      {rc.status === 'reconciled' && can('rollcall.sign_off') ? (
        <section class="card action" id="sign-off" aria-labelledby="sign-off-heading">
          <h2 id="sign-off-heading">{t('rollcall.sign_off_heading')}</h2>
          <form method="post" action={`/roll-calls/${rc.id}/sign-off`} class="stack" novalidate>
            <FormKeys view={view} formKey={formKey()} />
            <ErrorSummary view={view} form={forms.signOff ?? emptyForm} />
            <p>{t('rollcall.sign_off_intro')}</p>
            <div class="actions">
              <button type="submit">{t('rollcall.sign_off')}</button>
            </div>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** The open form of the report page: the whole facility or one unit. */
function OpenForm(props: { view: View; facility: FacilityView; form: FormState }): Html {
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

export function rollCallPages(web: Web): void {
  const { db } = web.ctx;
  type Reply = Parameters<Parameters<Web['get']>[2]>[1];
  type Req = Parameters<Parameters<Web['get']>[2]>[0];

  const notFound = (view: View, reply: Reply) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));

  async function readRollCall(request: Req, id: string): Promise<RollCallView | null> {
    if (!isUuid(id)) return null;
    const answer = await callApi<RollCallView>(web.api, request, 'GET', `/api/roll-calls/${id}`);
    if (answer.ok) return answer.body;
    if (answer.problem.code === 'not_found') return null;
    throw new Error(`reading a roll call failed: ${answer.problem.code}`);
  }

  async function rollCallPage(view: View, rc: RollCallView, forms: RollCallForms, notice?: string, counted?: Counted): Promise<string> {
    const [facility] = await facilities(db, rc.facility_id);
    return page({ view, title: view.t('rollcall.title'), nav: '/roll-calls', children: <RollCallPage view={view} rollCall={rc} facility={facility} forms={forms} notice={notice} counted={counted} /> });
  }

  /** The report page: filters, the open form, and the report (or why it could not be made). */
  async function reportPage(request: Req, view: View, params: ReportParams, openForm: FormState): Promise<{ status: number; html: string }> {
    const { t } = view;
    const all = await facilities(db);
    if (!all.length) return { status: 200, html: page({ view, title: t('rollcall.report_title'), nav: '/roll-calls', children: <p class="muted">{t('dashboard.no_facilities')}</p> }) };
    const query = reportQuery(params, all[0]!.id);
    const facilityId = new URLSearchParams(query).get('facility_id')!;
    const facility = all.find((f) => f.id === facilityId);
    const answer = await callApi<RollCallReport>(web.api, request, 'GET', `/api/roll-calls/report?${query}`);
    const filter: FormState = answer.ok ? { values: { ...params }, errors: new Map(), general: [] } : withProblem(t, { ...params }, answer.problem, ['facility_id', 'date', 'not_seen_days'], { '/query/facility_id': 'facility_id', '/query/date': 'date', '/query/not_seen_days': 'not_seen_days' });
    const report = answer.ok ? answer.body : null;
    return {
      status: answer.ok ? 200 : 422,
      html: page({
        view,
        title: t('rollcall.report_title'),
        nav: '/roll-calls',
        children: (
          <>
            <form method="get" action="/roll-calls" class="search-form filters">
              <Select form={filter} name="facility_id" value={facilityId} label={t('rollcall.facility')} options={all.map((f) => [f.id, f.name] as const)} />
              <Input form={filter} name="date" type="date" label={t('rollcall.date')} value={report?.date ?? ''} dir="ltr" />
              <Input form={filter} name="not_seen_days" type="number" label={t('rollcall.not_seen_days')} value={String(report?.not_seen.days ?? defaultNotSeenDays)} dir="ltr" extra={{ min: '1', max: String(maxNotSeenDays) }} />
              <button type="submit" class="secondary">{t('rollcall.show')}</button>
            </form>
            {!answer.ok ? <ErrorSummary view={view} form={filter} /> : null}
            {report ? (
              <>
                <h2 class="report-facility">
                  <bdi>{report.facility.name}</bdi> · {t.date(report.date)}
                </h2>
                <p class="actions no-print">
                  <a class="button secondary" href={`/print/roll-calls/report?${new URLSearchParams({ facility_id: report.facility.id, date: report.date, not_seen_days: String(report.not_seen.days) }).toString()}`}>
                    {t('rollcall.print_report')}
                  </a>
                </p>
              </>
            ) : null}
            {facility && view.can('rollcall.run') ? <OpenForm view={view} facility={facility} form={openForm} /> : null}
            {report ? <ReportBody view={view} report={report} links /> : null}
          </>
        ),
      }),
    };
  }

  web.get<ReportParams>('/roll-calls', 'rollcall.read', async (request, reply, view) => {
    const { status, html } = await reportPage(request, view, request.query, emptyForm);
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  });

  web.post('/roll-calls', 'rollcall.run', async (request, reply, view) => {
    const values = postedValues(request.body);
    const body: Record<string, unknown> = { facility_id: values['/facility_id'] ?? '' };
    if (values['/unit_id']) body.unit_id = values['/unit_id'];
    const answer = await callApi<{ roll_call_id: string }>(web.api, request, 'POST', '/api/roll-calls', body, values._key);
    if (answer.ok) return reply.redirect(`/roll-calls/${answer.body.roll_call_id}?notice=opened`, 303);
    const form = withProblem(view.t, values, answer.problem, ['/facility_id', '/unit_id'], { '/body/facility_id': '/facility_id', '/body/unit_id': '/unit_id' });
    const { html } = await reportPage(request, view, { facility_id: values['/facility_id'] }, form);
    return reply.code(422).type('text/html; charset=utf-8').send(html);
  });

  web.get<{ notice?: string; counted?: string; repeated?: string }, { id: string }>('/roll-calls/:id', 'rollcall.read', async (request, reply, view) => {
    const rc = await readRollCall(request as never, request.params.id);
    if (!rc) return notFound(view, reply);
    const n = (v: string | undefined) => (v && /^\d{1,5}$/.test(v) ? Number(v) : null);
    const newly = n(request.query.counted);
    const repeated = n(request.query.repeated);
    const counted = request.query.notice === 'counted' && newly !== null && repeated !== null ? { newly_counted: newly, repeated, total_counted: rc.counted, not_on_register: [] } : undefined;
    return rollCallPage(view, rc, {}, counted ? undefined : request.query.notice, counted);
  });

  // Counting: one number scanned or typed, or a scanner's list; the API counts each person once.
  web.post<Record<string, string>, { id: string }>('/roll-calls/:id/count', 'rollcall.run', async (request, reply, view) => {
    const { t } = view;
    const values = postedValues(request.body);
    // Two forms post here: the scan field (one number) and the list (a scanner's export).
    const fromBatch = '/register_numbers' in values;
    const single = (values['/register_number'] ?? '').trim();
    const numbers = fromBatch ? scannedNumbers(values['/register_numbers']) : single ? [single] : [];
    let rc = await readRollCall(request as never, request.params.id);
    if (!rc) return notFound(view, reply);
    let form: FormState = emptyForm;
    let counted: Counted | undefined;
    if (!numbers.length) {
      form = { values, errors: new Map([[fromBatch ? '/register_numbers' : '/register_number', t('rollcall.nothing_scanned')]]), general: [t('form.check_marked')] };
    } else {
      const answer = await callApi<Counted>(web.api, request, 'POST', `/api/roll-calls/${rc.id}/counts`, { register_numbers: numbers }, values._key);
      if (answer.ok) {
        counted = answer.body;
        if (!view.htmx) {
          const q = new URLSearchParams({ notice: 'counted', counted: String(counted.newly_counted), repeated: String(counted.repeated) });
          return reply.redirect(`/roll-calls/${rc.id}?${q.toString()}#count`, 303);
        }
        rc = (await readRollCall(request as never, rc.id))!;
      } else {
        form = countProblem(view, values, answer.problem, numbers, fromBatch);
      }
    }
    const status = form.errors.size || form.general.length ? 422 : 200;
    const forms: RollCallForms = fromBatch ? { batch: form } : { count: form };
    if (view.htmx) {
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send((<CountSection view={view} rollCall={rc} form={forms.count ?? emptyForm} batchForm={forms.batch ?? emptyForm} counted={counted} reconcileForm={emptyForm} />).value);
    }
    return reply.code(status).type('text/html; charset=utf-8').send(await rollCallPage(view, rc, forms, undefined, counted));
  });

  /** A refused count: a number the register cannot read is named at the control it came from. */
  function countProblem(view: View, values: Record<string, string>, problem: Problem, numbers: readonly string[], fromBatch: boolean): FormState {
    const { t } = view;
    const control = fromBatch ? '/register_numbers' : '/register_number';
    const at = problem.field?.match(/^(?:\/body)?\/register_numbers\/(\d+)$/);
    if (at) {
      const number = numbers[Number(at[1])] ?? '';
      const message = problem.code === 'invalid_value' || problem.code === 'invalid_request' ? t('rollcall.not_a_number', { number }) : `${number}: ${problemMessage(t, problem)}`;
      return { values, errors: new Map([[control, message]]), general: [t('form.check_marked')] };
    }
    if (problem.field && /^(?:\/body)?\/register_numbers$/.test(problem.field)) {
      return { values, errors: new Map([[control, t('rollcall.too_many', { max: maxCountBatch })]]), general: [t('form.check_marked')] };
    }
    return withProblem(t, values, problem, [control]);
  }

  web.post<Record<string, string>, { id: string }>('/roll-calls/:id/reconcile', 'rollcall.run', async (request, reply, view) => {
    const rc = await readRollCall(request as never, request.params.id);
    if (!rc) return notFound(view, reply);
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'POST', `/api/roll-calls/${rc.id}/reconciliation`, {}, values._key);
    if (answer.ok) return reply.redirect(`/roll-calls/${rc.id}?notice=reconciled#discrepancies`, 303);
    return reply.code(422).type('text/html; charset=utf-8').send(await rollCallPage(view, rc, { reconcile: withProblem(view.t, values, answer.problem, []) }));
  });

  web.post<Record<string, string>, { id: string; discrepancy_id: string }>('/roll-calls/:id/discrepancies/:discrepancy_id/resolve', 'rollcall.run', async (request, reply, view) => {
    const rc = await readRollCall(request as never, request.params.id);
    if (!rc || !isUuid(request.params.discrepancy_id)) return notFound(view, reply);
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'POST', `/api/roll-calls/${rc.id}/discrepancies/${request.params.discrepancy_id}/resolution`, { reason: (values['/reason'] ?? '').trim() }, values._key);
    if (answer.ok) return reply.redirect(`/roll-calls/${rc.id}?notice=resolved#discrepancies`, 303);
    const form = withProblem(view.t, values, answer.problem, ['/reason'], { '/body/reason': '/reason' });
    return reply.code(422).type('text/html; charset=utf-8').send(await rollCallPage(view, rc, { resolve: new Map([[request.params.discrepancy_id, form]]) }));
  });

  web.post<Record<string, string>, { id: string }>('/roll-calls/:id/sign-off', 'rollcall.sign_off', async (request, reply, view) => {
    const { t } = view;
    const rc = await readRollCall(request as never, request.params.id);
    if (!rc) return notFound(view, reply);
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'POST', `/api/roll-calls/${rc.id}/sign-off`, {}, values._key);
    if (answer.ok) return reply.redirect(`/roll-calls/${rc.id}?notice=signed_off`, 303);
    // The four-eyes refusal names the roll call itself; say plainly who may sign instead.
    const tookPart = answer.problem.code === 'forbidden' && answer.problem.field !== undefined;
    const form: FormState = tookPart
      ? { values, errors: new Map(), general: [t('rollcall.sign_off_took_part')] }
      : answer.problem.code === 'invalid_transition' && rc.unresolved
        ? { values, errors: new Map(), general: [t('rollcall.unresolved', { count: rc.unresolved })] }
        : withProblem(t, values, answer.problem, []);
    return reply.code(422).type('text/html; charset=utf-8').send(await rollCallPage(view, rc, { signOff: form }));
  });
}
