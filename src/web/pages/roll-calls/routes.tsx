/**
 * Roll calls: the daily report of a facility (the register's roll, the day's roll calls and
 * their discrepancies, everyone not seen for N days), opening a roll call for the facility or
 * one unit, counting by register number (one scan at a time, which htmx adds without
 * reloading, or a scanner's export pasted or loaded at once), reconciling with the register,
 * resolving each discrepancy with a reason, and the sign-off by an official who took no part
 * in the count. Every change is the API's request; the four-eyes rule and every other refusal
 * are the API's, shown at the form concerned.
 */
import { h, Fragment } from '../../jsx.ts';
import { page, messagePage } from '../../layout.tsx';
import { ErrorSummary, Input, Select, pageParam } from '../../components.tsx';
import { callApi, emptyForm, postedValues, ReadRefused, withProblem, type FormState } from '../../forms.ts';
import { facilities } from '../../../api/read-models.ts';
import { accountScope, scopeFacilities } from '../../../api/scope.ts';
import { defaultNotSeenDays, maxNotSeenDays } from '../../../domain/roll-call.ts';
import type { RollCallReport, RollCallView } from '../../../queries/roll-call-report.ts';
import { isUuid } from '../person.tsx';
import type { View } from '../../view.ts';
import type { Web } from '../../web-routes.ts';
import { CountSection } from './count.tsx';
import { RollCallPage } from './detail.tsx';
import { OpenForm } from './open-form.tsx';
import { ReportBody, type NotSeenPaging } from './report.tsx';
import { countedNumbers, countProblem, openBody, openControls, openFromPath, reportControls, reportFromPath, reportQuery, resolveBody, resolveControls, resolveFromPath, signOffProblem, type ReportParams } from './forms.ts';
import { discrepanciesPerPage, type Counted, type DiscrepancyPages, type RollCallForms } from './views.ts';

/** The first page of each kind of discrepancy. */
const firstPages: DiscrepancyPages = { missing: 1, extra: 1 };

/** How many not-seen persons a report page lists. */
export const notSeenPageSize = 50;

/** The roll-call pages' routes; their components, view types and form mapping are in this folder. */
export function rollCallPages(web: Web): void {
  const { db } = web.ctx;
  type Reply = Parameters<Parameters<Web['get']>[2]>[1];
  type Req = Parameters<Parameters<Web['get']>[2]>[0];

  const notFound = (view: View, reply: Reply) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));

  /** A roll call, with the page of each kind of discrepancy its page shows (the API pages them in SQL). */
  async function readRollCall(request: Req, id: string, pages: DiscrepancyPages = firstPages): Promise<RollCallView | null> {
    if (!isUuid(id)) return null;
    const window = new URLSearchParams({
      expected_not_counted_offset: String((pages.missing - 1) * discrepanciesPerPage),
      counted_not_expected_offset: String((pages.extra - 1) * discrepanciesPerPage),
      discrepancy_limit: String(discrepanciesPerPage),
    });
    const answer = await callApi<RollCallView>(web.api, request, 'GET', `/api/roll-calls/${id}?${window.toString()}`);
    if (answer.ok) return answer.body;
    if (answer.problem.code === 'not_found') return null;
    throw new ReadRefused(answer.problem);
  }

  async function rollCallPage(view: View, rc: RollCallView, forms: RollCallForms, notice?: string, counted?: Counted, pages: DiscrepancyPages = firstPages): Promise<string> {
    const [facility] = await facilities(db, rc.facility_id);
    return page({ view, title: view.t('rollcall.title'), nav: '/roll-calls', children: <RollCallPage view={view} rollCall={rc} facility={facility} forms={forms} notice={notice} counted={counted} pages={pages} /> });
  }

  /** The pages of discrepancies asked for (the page's query, or the hidden fields of a resolve form). */
  const pagesOf = (from: { missing?: string; extra?: string }): DiscrepancyPages => ({ missing: pageParam(from.missing), extra: pageParam(from.extra) });
  const pagesQuery = (pages: DiscrepancyPages) => `missing=${pages.missing}&extra=${pages.extra}`;

  /** The report page: filters, the open form, and the report (or why it could not be made). */
  async function reportPage(request: Req, view: View, params: ReportParams, openForm: FormState): Promise<{ status: number; html: string }> {
    const { t } = view;
    // The facilities the account reaches (src/api/scope.ts): the report of another is refused by the API.
    const reach = scopeFacilities(await accountScope(db, view.account!));
    const all = (await facilities(db)).filter((f) => reach === null || reach.includes(f.id));
    if (!all.length) return { status: 200, html: page({ view, title: t('rollcall.report_title'), nav: '/roll-calls', children: <p class="muted">{t('dashboard.no_facilities')}</p> }) };
    const query = reportQuery(params, all[0]!.id);
    const facilityId = new URLSearchParams(query).get('facility_id')!;
    const facility = all.find((f) => f.id === facilityId);
    // The not-seen list is paged by the API (in SQL): only this page's persons are read.
    const current = pageParam(params.page);
    const window = new URLSearchParams({ not_seen_offset: String((current - 1) * notSeenPageSize), not_seen_limit: String(notSeenPageSize) });
    const answer = await callApi<RollCallReport>(web.api, request, 'GET', `/api/roll-calls/report?${query}&${window.toString()}`);
    const filter: FormState = answer.ok ? { values: { ...params }, errors: new Map(), general: [] } : withProblem(t, { ...params }, answer.problem, reportControls, reportFromPath);
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
            {report ? <ReportBody view={view} report={report} links paging={notSeenPaging(report, current)} /> : null}
          </>
        ),
      }),
    };
  }

  /** The not-seen list's pages of a report, and its print-all view, for the same facility, day and days. */
  function notSeenPaging(report: RollCallReport, current: number): NotSeenPaging {
    const same = new URLSearchParams({ facility_id: report.facility.id, date: report.date, not_seen_days: String(report.not_seen.days) }).toString();
    return { page: current, pageSize: notSeenPageSize, href: (p) => `/roll-calls?${same}&page=${p}#not-seen`, printAll: `/print/roll-calls/not-seen?${same}` };
  }

  // The report of the facility asked for (403 when not the account's); without one, the first the account reaches.
  web.get<ReportParams>('/roll-calls', { permission: 'rollcall.read', scope: { facility: '/query/facility_id' } }, async (request, reply, view) => {
    const { status, html } = await reportPage(request, view, request.query, emptyForm);
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  });

  // Opened through the API, which checks the facility; the form offers only the account's.
  web.post('/roll-calls', { permission: 'rollcall.run', scope: 'filtered' }, async (request, reply, view) => {
    const values = postedValues(request.body);
    const answer = await callApi<{ roll_call_id: string }>(web.api, request, 'POST', '/api/roll-calls', openBody(values), values._key);
    if (answer.ok) return reply.redirect(`/roll-calls/${answer.body.roll_call_id}?notice=opened`, 303);
    const form = withProblem(view.t, values, answer.problem, openControls, openFromPath);
    const { html } = await reportPage(request, view, { facility_id: values['/facility_id'] }, form);
    return reply.code(422).type('text/html; charset=utf-8').send(html);
  });

  web.get<{ notice?: string; counted?: string; repeated?: string; missing?: string; extra?: string }, { id: string }>('/roll-calls/:id', { permission: 'rollcall.read', scope: { roll_call: '/params/id' } }, async (request, reply, view) => {
    const pages = pagesOf(request.query);
    const rc = await readRollCall(request as never, request.params.id, pages);
    if (!rc) return notFound(view, reply);
    const n = (v: string | undefined) => (v && /^\d{1,5}$/.test(v) ? Number(v) : null);
    const newly = n(request.query.counted);
    const repeated = n(request.query.repeated);
    const counted = request.query.notice === 'counted' && newly !== null && repeated !== null ? { newly_counted: newly, repeated, total_counted: rc.counted, not_on_register: [] } : undefined;
    return rollCallPage(view, rc, {}, counted ? undefined : request.query.notice, counted, pages);
  });

  // Counting: one number scanned or typed, or a scanner's list; the API counts each person once.
  web.post<Record<string, string>, { id: string }>('/roll-calls/:id/count', { permission: 'rollcall.run', scope: { roll_call: '/params/id' } }, async (request, reply, view) => {
    const { t } = view;
    const values = postedValues(request.body);
    // Two forms post here: the scan field (one number) and the list (a scanner's export).
    const { fromBatch, numbers } = countedNumbers(values);
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
        form = countProblem(t, values, answer.problem, numbers, fromBatch);
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

  web.post<Record<string, string>, { id: string }>('/roll-calls/:id/reconcile', { permission: 'rollcall.run', scope: { roll_call: '/params/id' } }, async (request, reply, view) => {
    const rc = await readRollCall(request as never, request.params.id);
    if (!rc) return notFound(view, reply);
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'POST', `/api/roll-calls/${rc.id}/reconciliation`, {}, values._key);
    if (answer.ok) return reply.redirect(`/roll-calls/${rc.id}?notice=reconciled#discrepancies`, 303);
    return reply.code(422).type('text/html; charset=utf-8').send(await rollCallPage(view, rc, { reconcile: withProblem(view.t, values, answer.problem, []) }));
  });

  web.post<Record<string, string>, { id: string; discrepancy_id: string }>('/roll-calls/:id/discrepancies/:discrepancy_id/resolve', { permission: 'rollcall.run', scope: { roll_call: '/params/id' } }, async (request, reply, view) => {
    const values = postedValues(request.body);
    // The resolution keeps the clerk on the page of discrepancies they were working through.
    const pages = pagesOf(values);
    const rc = await readRollCall(request as never, request.params.id, pages);
    if (!rc || !isUuid(request.params.discrepancy_id)) return notFound(view, reply);
    const answer = await callApi(web.api, request, 'POST', `/api/roll-calls/${rc.id}/discrepancies/${request.params.discrepancy_id}/resolution`, resolveBody(values), values._key);
    if (answer.ok) return reply.redirect(`/roll-calls/${rc.id}?notice=resolved&${pagesQuery(pages)}#d-${request.params.discrepancy_id}`, 303);
    const form = withProblem(view.t, values, answer.problem, resolveControls, resolveFromPath);
    return reply.code(422).type('text/html; charset=utf-8').send(await rollCallPage(view, rc, { resolve: new Map([[request.params.discrepancy_id, form]]) }, undefined, undefined, pages));
  });

  web.post<Record<string, string>, { id: string }>('/roll-calls/:id/sign-off', { permission: 'rollcall.sign_off', scope: { roll_call: '/params/id' } }, async (request, reply, view) => {
    const { t } = view;
    const rc = await readRollCall(request as never, request.params.id);
    if (!rc) return notFound(view, reply);
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'POST', `/api/roll-calls/${rc.id}/sign-off`, {}, values._key);
    if (answer.ok) return reply.redirect(`/roll-calls/${rc.id}?notice=signed_off`, 303);
    // The four-eyes refusal names the roll call itself; say plainly who may sign instead.
    const form = signOffProblem(t, values, answer.problem, rc.unresolved);
    return reply.code(422).type('text/html; charset=utf-8').send(await rollCallPage(view, rc, { signOff: form }));
  });
}
