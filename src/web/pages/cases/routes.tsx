/**
 * Cases before the courts: opening a case for a person; a case's page with its charges,
 * orders, appearances, hearings, counsel, interrogations and judgment, and a form for each
 * action the API offers (each refusal shown at its control); entering an order, with a
 * preview that shows when a detention order runs out before it is saved, and a judge's
 * account confirming a clerk's order; the courts, and a court's calendar and list for a day
 * (its docket). Every change is the API's request, sent in-process.
 */
import { h, Fragment } from '../../jsx.ts';
import { page, messagePage } from '../../layout.tsx';
import { ErrorSummary, Input, RegNo } from '../../components.tsx';
import { callApi, emptyForm, formKey, localNow, postedValues, ReadRefused, withProblem, type FormState, type Problem } from '../../forms.ts';
import { facilities, personSummaries } from '../../../api/read-models.ts';
import { courtName } from '../../../domain/case.ts';
import { maxRecordedDetentionDays, orderKinds } from '../../../domain/case-order.ts';
import { parseInstant } from '../../../domain/clocks/clock-time.ts';
import { courtNames, docketDays } from '../../../queries/court-docket.ts';
import { personOfPage, PersonLead } from '../../person-lead.tsx';
import { clockRules, registerDay } from '../../../store/clock-projection.ts';
import { keyGroups } from '../../i18n.ts';
import { isUuid } from '../person.tsx';
import type { View } from '../../view.ts';
import type { Web } from '../../web-routes.ts';
import { CasePage, docketHref } from './case-page.tsx';
import { DocketCalendar, DocketTable, dayAfter } from './docket.tsx';
import { caseActionForms, chargeField, chargesOf, instant, openBody, openControls, orderBody, orderControls, outcomeBody, outcomeControls, whole, type CaseActionForm } from './forms.ts';
import { OpenCaseForm } from './open-case-form.tsx';
import { detentionExpiry } from './order-expiry.ts';
import { OrderForm, OrderPreview } from './order-entry.tsx';
import type { CaseDetail, CaseForms, CaseOpened, CaseView, Docket, OrderRecorded } from './views.ts';

/** Notices after an action, by key (nothing else from the URL is shown). */
const notices = new Set<string>(keyGroups.case_notice);

/** Days of a court's calendar shown around the day of its list. */
const calendarDays = 7;

export function casePages(web: Web): void {
  const { db } = web.ctx;
  type Reply = Parameters<Parameters<Web['get']>[2]>[1];
  type Req = Parameters<Parameters<Web['get']>[2]>[0];

  const notFound = (view: View, reply: Reply) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));

  const places = async () => (await facilities(db)).map((f) => ({ id: f.id, name: f.name, kind: f.kind }));

  /** A case as the API reads it (audited), with its person's name and the register's facilities; null when there is none. */
  async function loadCase(request: Req, id: string): Promise<CaseDetail | null> {
    if (!isUuid(id)) return null;
    const answer = await callApi<CaseView>(web.api, request, 'GET', `/api/cases/${id}`);
    if (!answer.ok) {
      if (answer.problem.code === 'not_found') return null;
      throw new ReadRefused(answer.problem);
    }
    const [summary] = await personSummaries(db, [answer.body.person_id]);
    return { case: answer.body, names: summary?.names ?? [], facilities: await places() };
  }

  function casePage(view: View, detail: CaseDetail, forms: CaseForms, notice?: string): string {
    return page({
      view,
      title: view.t('case.title', { reference: detail.case.reference }),
      nav: '/courts',
      children: <CasePage view={view} detail={detail} forms={forms} notice={notice} now={web.ctx.clock()} />,
    });
  }

  const again = (reply: Reply, html: string) => reply.code(422).type('text/html; charset=utf-8').send(html);

  // ---------------------------------------------------------------- opening a case

  /** The person a case is opened for, read (and audited) to head the form with. */
  async function openPage(view: View, personId: string, form: FormState, fkey: string) {
    const person = await personOfPage(db, view, personId, 'case opened', web.ctx.clock());
    if (!person) return null;
    return page({
      view,
      title: view.t('case.open_case'),
      nav: '/search',
      children: (
        <>
          <PersonLead view={view} person={person} />
          <OpenCaseForm view={view} personId={person.id} form={form} fkey={fkey} courts={await courtNames(db)} />
        </>
      ),
    });
  }

  web.get<Record<string, string>, { id: string }>('/persons/:id/cases/new', { permission: 'case.manage', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const html = await openPage(view, request.params.id, emptyForm, formKey());
    return html ?? notFound(view, reply);
  });

  web.post<Record<string, string>, { id: string }>('/persons/:id/cases/new', { permission: 'case.manage', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const values = postedValues(request.body);
    const key = values._key || formKey();
    if (!isUuid(request.params.id)) return notFound(view, reply);
    const answer = await callApi<CaseOpened>(web.api, request, 'POST', `/api/persons/${request.params.id}/cases`, openBody(values), key);
    if (answer.ok) return reply.redirect(`/cases/${answer.body.case_id}?notice=opened`, 303);
    if (answer.problem.code === 'not_found' && answer.problem.field === '/params/id') return notFound(view, reply);
    const problem: Problem = { ...answer.problem, field: chargeField(answer.problem.field, chargesOf(values).rows) };
    const html = await openPage(view, request.params.id, withProblem(view.t, values, problem, openControls(values)), key);
    return html ? again(reply, html) : notFound(view, reply);
  });

  // ---------------------------------------------------------------- a case's page and its actions

  web.get<{ notice?: string }, { id: string }>('/cases/:id', { permission: 'case.read', scope: { case: '/params/id' } }, async (request, reply, view) => {
    const detail = await loadCase(request, request.params.id);
    if (!detail) return notFound(view, reply);
    const notice = request.query.notice && notices.has(request.query.notice) ? request.query.notice : undefined;
    return casePage(view, detail, {}, notice);
  });

  function action({ name, permission, controls, body, field, done, section }: CaseActionForm) {
    web.post<Record<string, string>, { id: string }>(`/cases/:id/${name}`, { permission, scope: { case: '/params/id' } }, async (request, reply, view) => {
      const detail = await loadCase(request, request.params.id);
      if (!detail) return notFound(view, reply);
      const values = postedValues(request.body);
      const answer = await callApi(web.api, request, 'POST', `/api/cases/${detail.case.id}/${name}`, body(values), values._key);
      if (answer.ok) return reply.redirect(`/cases/${detail.case.id}?notice=${done}#${section}`, 303);
      const problem: Problem = field ? { ...answer.problem, field: field(answer.problem.field, values) } : answer.problem;
      const form = { ...withProblem(view.t, values, problem, controls(values)), scope: name };
      return again(reply, casePage(view, detail, { actions: { [name]: form } }));
    });
  }
  for (const form of caseActionForms) action(form);

  web.post<Record<string, string>, { id: string; hid: string }>('/cases/:id/hearings/:hid/outcome', { permission: 'case.manage', scope: { case: '/params/id' } }, async (request, reply, view) => {
    const detail = await loadCase(request, request.params.id);
    const hearing = detail?.case.hearings.find((x) => x.hearing_id === request.params.hid);
    if (!detail || !hearing) return notFound(view, reply);
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'POST', `/api/cases/${detail.case.id}/hearings/${hearing.hearing_id}/outcome`, outcomeBody(values), values._key);
    if (answer.ok) return reply.redirect(`/cases/${detail.case.id}?notice=hearing_outcome#hearings`, 303);
    const form = { ...withProblem(view.t, values, answer.problem, outcomeControls), scope: `outcome-${hearing.hearing_id.slice(0, 8)}` };
    return again(reply, casePage(view, detail, { outcome: { hearingId: hearing.hearing_id, form } }));
  });

  web.post<Record<string, string>, { id: string; oid: string }>('/cases/:id/orders/:oid/confirm', { permission: 'case.decide', scope: { case: '/params/id' } }, async (request, reply, view) => {
    const detail = await loadCase(request, request.params.id);
    const order = detail?.case.orders.find((o) => o.order_id === request.params.oid);
    if (!detail || !order) return notFound(view, reply);
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'POST', `/api/cases/${detail.case.id}/orders/${order.order_id}/confirmation`, {}, values._key);
    if (answer.ok) return reply.redirect(`/cases/${detail.case.id}?notice=order_confirmed#orders`, 303);
    return again(reply, casePage(view, detail, { confirm: { orderId: order.order_id, form: withProblem(view.t, values, answer.problem, []) } }));
  });

  // ---------------------------------------------------------------- entering an order

  function orderPage(view: View, detail: CaseDetail, form: FormState, fkey: string): string {
    const { t } = view;
    return page({
      view,
      title: t('case.order_title', { reference: detail.case.reference }),
      nav: '/courts',
      children: (
        <>
          <p class="lead">
            <a href={`/cases/${detail.case.id}`}>
              <bdi dir="ltr">{detail.case.reference}</bdi>
            </a>{' '}
            · <bdi>{detail.case.court}</bdi> · <RegNo value={detail.case.register_number} />
          </p>
          <OrderForm view={view} case={detail.case} form={form} fkey={fkey} facilities={detail.facilities} />
        </>
      ),
    });
  }

  web.get<Record<string, string>, { id: string }>('/cases/:id/orders/new', { permission: 'case.manage', scope: { case: '/params/id' } }, async (request, reply, view) => {
    const detail = await loadCase(request, request.params.id);
    if (!detail) return notFound(view, reply);
    return orderPage(view, detail, { ...emptyForm, values: { '/issued_at': localNow(web.ctx.clock()) } }, formKey());
  });

  // The preview: what will be saved, and when a detention order runs out, computed as the clocks compute it.
  web.post<Record<string, string>, { id: string }>('/cases/:id/orders/preview', { permission: 'case.manage', scope: { case: '/params/id' } }, async (request, reply, view) => {
    const { t } = view;
    const detail = await loadCase(request, request.params.id);
    if (!detail) return notFound(view, reply);
    const values = postedValues(request.body);
    const key = values._key || formKey();
    if (values._action === 'edit') return orderPage(view, detail, { values, errors: new Map(), general: [] }, key);
    const errors = new Map<string, string>();
    const kind = values['/order'] ?? '';
    if (!(orderKinds as readonly string[]).includes(kind)) errors.set('/order', t('case.preview_no_kind'));
    let expiry = null;
    if (kind === 'detention') {
      const issued = instant(values, '/issued_at');
      const days = whole(values['/days']);
      if (parseInstant(issued) === null) errors.set('/issued_at', t('case.preview_no_instant'));
      if (typeof days !== 'number' || days < 1 || days > maxRecordedDetentionDays) errors.set('/days', t('case.preview_days', { maximum: maxRecordedDetentionDays }));
      if (!errors.size) expiry = detentionExpiry(issued, days as number, clockRules());
    }
    if (errors.size) return again(reply, orderPage(view, detail, { values, errors, general: [t('form.check_marked')] }, key));
    return page({
      view,
      title: t('case.order_title', { reference: detail.case.reference }),
      nav: '/courts',
      children: <OrderPreview view={view} case={detail.case} values={values} fkey={key} expiry={expiry} facilities={detail.facilities} />,
    });
  });

  web.post<Record<string, string>, { id: string }>('/cases/:id/orders/new', { permission: 'case.manage', scope: { case: '/params/id' } }, async (request, reply, view) => {
    const detail = await loadCase(request, request.params.id);
    if (!detail) return notFound(view, reply);
    const values = postedValues(request.body);
    const key = values._key || formKey();
    const answer = await callApi<OrderRecorded>(web.api, request, 'POST', `/api/cases/${detail.case.id}/orders`, orderBody(values), key);
    if (answer.ok) return reply.redirect(`/cases/${detail.case.id}?notice=order_recorded#orders`, 303);
    return again(reply, orderPage(view, detail, withProblem(view.t, values, answer.problem, orderControls), key));
  });

  // ---------------------------------------------------------------- courts, their calendars and lists

  web.get('/courts', { permission: 'case.read', scope: 'register' }, async (_request, _reply, view) => {
    const { t } = view;
    const courts = await courtNames(db);
    const today = registerDay(web.ctx.clock());
    return page({
      view,
      title: t('docket.courts_title'),
      nav: '/courts',
      children: courts.length ? (
        <ul class="results">
          {courts.map((c) => (
            <li>
              <a href={docketHref(c, today)}>
                <bdi>{c}</bdi>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('docket.no_courts')}</p>
      ),
    });
  });

  web.get<{ date?: string }, { court: string }>('/courts/:court/docket', { permission: 'case.read', scope: 'filtered' }, async (request, reply, view) => {
    const { t } = view;
    const court = courtName(request.params.court);
    // A date given twice (?date=…&date=…) is no date: the API names the field.
    const asked: unknown = request.query.date;
    const date = typeof asked === 'string' ? asked : asked === undefined ? registerDay(web.ctx.clock()) : '';
    const answer = await callApi<Docket>(web.api, request, 'GET', `/api/courts/${encodeURIComponent(court)}/docket?date=${encodeURIComponent(date)}`);
    const filter: FormState = answer.ok ? { values: { date }, errors: new Map(), general: [] } : withProblem(t, { date }, answer.problem, ['date'], { '/query/date': 'date' });
    const days = answer.ok ? await docketDays(db, court, dayAfter(date, -Math.floor(calendarDays / 2)), calendarDays) : [];
    const html = page({
      view,
      title: t('docket.title'),
      nav: '/courts',
      children: (
        <>
          <h2 class="report-facility">
            <bdi>{court}</bdi>
            {answer.ok ? <> · {t.date(date)}</> : null}
          </h2>
          <form method="get" action={docketHref(court)} class="search-form filters no-print">
            <Input form={filter} name="date" type="date" label={t('docket.date')} dir="ltr" />
            <button type="submit" class="secondary">
              {t('docket.show')}
            </button>
          </form>
          {answer.ok ? (
            <>
              <DocketCalendar view={view} court={court} date={date} days={days} />
              <p class="actions no-print">
                <a class="button secondary" href={`/print${docketHref(court, date)}`}>
                  {t('docket.print')}
                </a>
              </p>
              <DocketTable view={view} entries={answer.body.entries} />
            </>
          ) : (
            <ErrorSummary view={view} form={filter} />
          )}
        </>
      ),
    });
    return answer.ok ? html : again(reply, html);
  });
}
