/**
 * Independent visits, as pages: the visiting bodies, the visits and every refusal or deferral of
 * access (for oversight); a visit with the persons seen; the forms that register a body, open a
 * visit, record a person seen, refuse or defer access and close it; notification lists and their
 * exports (XLSX, CSV, print — each logged by the API); and the visitor's register of the facility
 * visited. Every form goes through the API in-process.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment, type Html } from '../jsx.ts';
import { page, messagePage } from '../layout.tsx';
import { ErrorSummary, FormKeys, Input, RegNo, Select } from '../components.tsx';
import { callApi, emptyForm, formKey, instantFromLocal, localNow, postedValues, withErrors, withProblem, type FormState } from '../forms.ts';
import { facilities } from '../../api/read-models.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import { holdingsOf } from '../../queries/held-persons.ts';
import { visitorRegister } from '../../queries/visitor-access.ts';
import { accessRestrictions, facilityRegister, personsOfRestrictions, personsOfVisit, visitViewOf, visitViews, type VisitView } from '../../queries/visits.ts';
import { loadNotificationList, visitingBodies } from '../../store/visits.ts';
import { heldAmong } from '../../queries/held-persons.ts';
import { personRecord } from '../../api/read-models.ts';
import { notificationCells, type NotificationLabels, type NotificationRow } from '../../queries/notification-list.ts';
import { accessDecisions, visitingBodyKinds } from '../../domain/visit.ts';
import { isUuid } from '../../domain/values.ts';
import { parseRegisterNumber } from '../../domain/register-number.ts';
import { ApiProblem } from '../../api/problem.ts';
import { accountScope, scopeFacilities } from '../../api/scope.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';
import { DocHead } from './print/document.tsx';

const bodyControls = ['/name', '/kind', '/accredited_by', '/accreditation_reference'];
const visitControls = ['/body_id', '/facility_id', '/starts_at', '/ends_at'];
const listControls = ['/body_id', '/facility_id'];
const seenControls = ['/person_id', '/seen_at', '/private_interview'];
const restrictionControls = ['/decision', '/person_id', '/reason', '/authority', '/until'];

type Forms = { body?: FormState; visit?: FormState; list?: FormState };

function Section(props: { id: string; title: string; children?: unknown }): Html {
  return (
    <section aria-labelledby={`${props.id}-heading`} id={props.id}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {props.children as Html}
    </section>
  );
}

function VisitStatus(props: { view: View; visit: VisitView }): Html {
  return <>{props.visit.closed ? props.view.t('visit.closed') : props.view.t('visit.open')}</>;
}

export function visitPages(web: Web): void {
  const { ctx } = web;

  async function overview(view: View, forms: Forms = {}): Promise<string> {
    const { t } = view;
    const now = ctx.clock();
    // Visits and refusals of the facilities the account reaches (src/api/scope.ts).
    const reach = scopeFacilities(await accountScope(ctx.db, view.account!));
    const [bodies, places, visits, restrictions] = await Promise.all([
      visitingBodies(ctx.db),
      facilities(ctx.db),
      readPersonal(ctx.db, { accountId: view.account!.id, purpose: 'visits', now }, (tx) => visitViews(tx, { limit: 100, facilities: reach }), (found) => found.flatMap(personsOfVisit)),
      readPersonal(ctx.db, { accountId: view.account!.id, purpose: 'visit access refusals', now }, (tx) => accessRestrictions(tx, 200, reach), personsOfRestrictions),
    ]);
    const bodyOptions = bodies.filter((b) => b.accredited).map((b) => [b.id, b.name] as const);
    const facilityOptions = places.map((f) => [f.id, f.name] as const);
    const bodyForm = forms.body ?? emptyForm;
    const visitForm = forms.visit ?? emptyForm;
    const listForm = forms.list ?? emptyForm;
    return page({
      view,
      title: t('visit.title'),
      nav: '/visits',
      children: (
        <>
          <Section id="bodies" title={t('visit.bodies')}>
            {bodies.length ? (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('visit.body_name')}</th>
                      <th scope="col">{t('visit.body_kind')}</th>
                      <th scope="col">{t('visit.accredited_by')}</th>
                      <th scope="col">{t('visit.accreditation_reference')}</th>
                      <th scope="col">{t('visit.accredited')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {bodies.map((b) => (
                      <tr>
                        <td><bdi>{b.name}</bdi></td>
                        <td>{t.of('visiting_body_kind', b.kind)}</td>
                        <td><bdi>{b.accredited_by}</bdi></td>
                        <td><bdi>{b.accreditation_reference}</bdi></td>
                        <td>{b.accredited ? t('visit.yes') : t('visit.no')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="muted">{t('visit.no_bodies')}</p>
            )}
            {view.can('visit.manage_bodies') ? (
              <form method="post" action="/visits/bodies" class="stack">
                <h3>{t('visit.register_body')}</h3>
                <ErrorSummary view={view} form={bodyForm} />
                <FormKeys view={view} formKey={bodyForm.values._key ?? formKey()} />
                <Input form={bodyForm} name="/name" label={t('visit.body_name')} required />
                <Select form={bodyForm} name="/kind" label={t('visit.body_kind')} options={visitingBodyKinds.map((k) => [k, t.of('visiting_body_kind', k)] as const)} required />
                <Input form={bodyForm} name="/accredited_by" label={t('visit.accredited_by')} required />
                <Input form={bodyForm} name="/accreditation_reference" label={t('visit.accreditation_reference')} required />
                <button type="submit">{t('visit.register_body')}</button>
              </form>
            ) : null}
          </Section>

          <Section id="visits" title={t('visit.visits')}>
            {visits.length ? (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('visit.body_name')}</th>
                      <th scope="col">{t('visit.facility')}</th>
                      <th scope="col">{t('visit.starts_at')}</th>
                      <th scope="col">{t('visit.ends_at')}</th>
                      <th scope="col">{t('visit.status')}</th>
                      <th scope="col">{t('visit.persons_seen')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {visits.map((v) => (
                      <tr>
                        <td>
                          <a href={`/visits/${v.id}`}><bdi>{v.body_name}</bdi></a>
                        </td>
                        <td><bdi>{v.facility_name}</bdi></td>
                        <td>{t.dateTime(v.starts_at)}</td>
                        <td>{t.dateTime(v.ends_at)}</td>
                        <td><VisitStatus view={view} visit={v} /></td>
                        <td>{t.number(v.seen.length)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="muted">{t('visit.no_visits')}</p>
            )}
            {view.can('visit.manage') && bodyOptions.length ? (
              <form method="post" action="/visits" class="stack">
                <h3>{t('visit.open_visit')}</h3>
                <ErrorSummary view={view} form={visitForm} />
                <FormKeys view={view} formKey={visitForm.values._key ?? formKey()} />
                <Select form={visitForm} name="/body_id" label={t('visit.body_name')} options={bodyOptions} required />
                <Select form={visitForm} name="/facility_id" label={t('visit.facility')} options={facilityOptions} required />
                <Input form={visitForm} name="/starts_at" type="datetime-local" label={t('visit.starts_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(now)} required />
                <Input form={visitForm} name="/ends_at" type="datetime-local" label={t('visit.ends_at')} hint={t('case.local_time_hint')} dir="ltr" required />
                <button type="submit">{t('visit.open_visit')}</button>
              </form>
            ) : null}
          </Section>

          <Section id="restrictions" title={t('visit.restrictions')}>
            <RestrictionsTable view={view} rows={restrictions} />
          </Section>

          {view.can('visit.notification_list') && bodyOptions.length ? (
            <Section id="lists" title={t('visit.notification_lists')}>
              <p class="hint">{t('visit.notification_list_hint')}</p>
              <form method="post" action="/visits/lists" class="stack">
                <ErrorSummary view={view} form={listForm} />
                <FormKeys view={view} formKey={listForm.values._key ?? formKey()} />
                <Select form={listForm} name="/body_id" label={t('visit.body_name')} options={bodyOptions} required />
                <Select form={listForm} name="/facility_id" label={t('visit.facility')} options={facilityOptions} required />
                <button type="submit">{t('visit.draw_up_list')}</button>
              </form>
            </Section>
          ) : null}
        </>
      ),
    });
  }

  // Visits and refusals of the facilities the account reaches (overview, above).
  web.get('/visits', { permission: 'visit.read', scope: 'filtered' }, async (_request, _reply, view) => overview(view));

  /** A form of the overview: sent to the API; on a refusal, the page again with the error at its field. */
  function overviewForm(path: string, permission: 'visit.manage_bodies' | 'visit.manage' | 'visit.notification_list', api: string, controls: string[], which: keyof Forms, toBody: (v: Record<string, string>) => unknown, next: (answer: Record<string, string>) => string) {
    // Bodies are the register's reference data; a visit or a list is opened through the API, which checks its facility.
    web.post(path, { permission, scope: permission === 'visit.manage_bodies' ? 'register' : 'filtered' }, async (request, reply, view) => {
      const values = postedValues(request.body);
      const answer = await callApi<Record<string, string>>(web.api, request, 'POST', api, toBody(values), values._key);
      if (answer.ok) return reply.redirect(next(answer.body), 303);
      return reply.code(answer.problem.status === 403 ? 403 : 422).type('text/html; charset=utf-8').send(await overview(view, { [which]: withProblem(view.t, values, answer.problem, controls) }));
    });
  }
  overviewForm('/visits/bodies', 'visit.manage_bodies', '/api/visiting-bodies', bodyControls, 'body', (v) => ({ name: v['/name'] ?? '', kind: v['/kind'] ?? '', accredited_by: v['/accredited_by'] ?? '', accreditation_reference: v['/accreditation_reference'] ?? '' }), () => '/visits#bodies');
  overviewForm(
    '/visits',
    'visit.manage',
    '/api/visits',
    visitControls,
    'visit',
    (v) => ({ body_id: v['/body_id'] ?? '', facility_id: v['/facility_id'] ?? '', starts_at: instantFromLocal(v['/starts_at']), ends_at: instantFromLocal(v['/ends_at']) }),
    (a) => `/visits/${a.visit_id}`,
  );
  overviewForm('/visits/lists', 'visit.notification_list', '/api/notification-lists', listControls, 'list', (v) => ({ body_id: v['/body_id'] ?? '', facility_id: v['/facility_id'] ?? '' }), (a) => `/notification-lists/${a.list_id}`);

  async function visitPage(request: FastifyRequest, reply: FastifyReply, view: View, id: string, forms: { seen?: FormState; restriction?: FormState } = {}): Promise<FastifyReply> {
    const { t } = view;
    const now = ctx.clock();
    const visit = await readPersonal(ctx.db, { accountId: view.account!.id, purpose: `visit ${id}`, now }, (tx) => visitViewOf(tx, id), (found) => personsOfVisit(found ?? null));
    if (!visit) return reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, t('error.page_not_found.title'), t('error.page_not_found.what'), t('error.page_not_found.todo')));
    const seenForm = forms.seen ?? emptyForm;
    const restrictionForm = forms.restriction ?? emptyForm;
    const status = forms.seen || forms.restriction ? 422 : 200;
    const html = page({
      view,
      title: `${visit.body_name} — ${visit.facility_name}`,
      nav: '/visits',
      children: (
        <>
          <dl class="summary">
            <dt>{t('visit.starts_at')}</dt>
            <dd>{t.dateTime(visit.starts_at)}</dd>
            <dt>{t('visit.ends_at')}</dt>
            <dd>{t.dateTime(visit.ends_at)}</dd>
            <dt>{t('visit.status')}</dt>
            <dd><VisitStatus view={view} visit={visit} /></dd>
          </dl>
          <Section id="seen" title={t('visit.persons_seen')}>
            {visit.seen.length ? (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('visit.register_number')}</th>
                      <th scope="col">{t('visit.seen_at')}</th>
                      <th scope="col">{t('visit.private_interview')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {visit.seen.map((s) => (
                      <tr>
                        <td><RegNo value={s.register_number} /></td>
                        <td>{t.dateTime(s.seen_at)}</td>
                        <td>{s.private_interview ? t('visit.yes') : t('visit.no')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="muted">{t('visit.none_seen')}</p>
            )}
            {view.can('visit.manage') && !visit.closed ? (
              <form method="post" action={`/visits/${visit.id}/seen`} class="stack">
                <h3>{t('visit.record_seen')}</h3>
                <p class="hint">{t('visit.private_interview_hint')}</p>
                <ErrorSummary view={view} form={seenForm} />
                <FormKeys view={view} formKey={seenForm.values._key ?? formKey()} />
                <Input form={seenForm} name="/person_id" label={t('visit.register_number')} dir="ltr" required />
                <Input form={seenForm} name="/seen_at" type="datetime-local" label={t('visit.seen_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(now)} required />
                <Select form={seenForm} name="/private_interview" label={t('visit.private_interview')} options={[['true', t('visit.yes')], ['false', t('visit.no')]]} required />
                <button type="submit">{t('visit.record_seen')}</button>
              </form>
            ) : null}
          </Section>
          <Section id="restrictions" title={t('visit.restrictions')}>
            <RestrictionsTable view={view} rows={visit.restrictions.map((r) => ({ ...r, visit_id: visit.id, body_name: visit.body_name, facility_name: visit.facility_name }))} />
            {view.can('visit.manage') && !visit.closed ? (
              <form method="post" action={`/visits/${visit.id}/restrictions`} class="stack">
                <h3>{t('visit.restrict')}</h3>
                <p class="hint">{t('visit.restrict_hint')}</p>
                <ErrorSummary view={view} form={restrictionForm} />
                <FormKeys view={view} formKey={restrictionForm.values._key ?? formKey()} />
                <Select form={restrictionForm} name="/decision" label={t('visit.decision')} options={accessDecisions.map((d) => [d, t.of('access_decision', d)] as const)} required />
                <Input form={restrictionForm} name="/person_id" label={t('visit.withheld_person')} hint={t('visit.withheld_person_hint')} dir="ltr" />
                <Input form={restrictionForm} name="/reason" label={t('visit.reason')} required />
                <Input form={restrictionForm} name="/authority" label={t('visit.authority')} required />
                <Input form={restrictionForm} name="/until" type="datetime-local" label={t('visit.until')} hint={t('case.local_time_hint')} dir="ltr" required />
                <button type="submit" class="danger">{t('visit.restrict')}</button>
              </form>
            ) : null}
          </Section>
          {view.can('visit.manage') && !visit.closed ? (
            <form method="post" action={`/visits/${visit.id}/closing`}>
              <FormKeys view={view} formKey={formKey()} />
              <button type="submit" class="secondary">{t('visit.close')}</button>
            </form>
          ) : null}
        </>
      ),
    });
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  }

  web.get<Record<string, string>, { id: string }>('/visits/:id', { permission: 'visit.read', scope: { visit: '/params/id' } }, async (request, reply, view) => visitPage(request, reply, view, request.params.id));

  web.post<Record<string, string>, { id: string }>('/visits/:id/seen', { permission: 'visit.manage', scope: { visit: '/params/id' } }, async (request, reply, view) => {
    const values = postedValues(request.body);
    // The register number as typed or scanned (spaces, dashes and look-alike characters read as on a wristband).
    const typed = (values['/person_id'] ?? '').trim();
    const number = parseRegisterNumber(typed);
    const holding = number ? (await holdingsOf(ctx.db, [number])).get(number) : undefined;
    if (!holding) {
      const why = number ? view.t('problem.not_found') : view.t('rollcall.not_a_number', { number: typed });
      return visitPage(request, reply, view, request.params.id, { seen: withErrors(values, new Map([['/person_id', why]]), seenControls) });
    }
    const body = { person_id: holding.person_id, seen_at: instantFromLocal(values['/seen_at']), private_interview: values['/private_interview'] === 'true' };
    const answer = await callApi(web.api, request, 'POST', `/api/visits/${encodeURIComponent(request.params.id)}/persons-seen`, body, values._key);
    if (answer.ok) return reply.redirect(`/visits/${request.params.id}#seen`, 303);
    return visitPage(request, reply, view, request.params.id, { seen: withProblem(view.t, values, answer.problem, seenControls) });
  });

  web.post<Record<string, string>, { id: string }>('/visits/:id/restrictions', { permission: 'visit.manage', scope: { visit: '/params/id' } }, async (request, reply, view) => {
    const values = postedValues(request.body);
    // One detainee withheld from the visitors, by register number as typed or scanned; empty: the whole visit.
    const typed = (values['/person_id'] ?? '').trim();
    let personId: string | undefined;
    if (typed) {
      const number = parseRegisterNumber(typed);
      const holding = number ? (await holdingsOf(ctx.db, [number])).get(number) : undefined;
      if (!holding) {
        const why = number ? view.t('problem.not_found') : view.t('rollcall.not_a_number', { number: typed });
        return visitPage(request, reply, view, request.params.id, { restriction: withErrors(values, new Map([['/person_id', why]]), restrictionControls) });
      }
      personId = holding.person_id;
    }
    const body = { ...(personId ? { person_id: personId } : {}), decision: values['/decision'] ?? '', reason: values['/reason'] ?? '', authority: values['/authority'] ?? '', until: instantFromLocal(values['/until']) };
    const answer = await callApi(web.api, request, 'POST', `/api/visits/${encodeURIComponent(request.params.id)}/access-restrictions`, body, values._key);
    if (answer.ok) return reply.redirect(`/visits/${request.params.id}#restrictions`, 303);
    return visitPage(request, reply, view, request.params.id, { restriction: withProblem(view.t, values, answer.problem, restrictionControls) });
  });

  web.post<Record<string, string>, { id: string }>('/visits/:id/closing', { permission: 'visit.manage', scope: { visit: '/params/id' } }, async (request, reply, view) => {
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'POST', `/api/visits/${encodeURIComponent(request.params.id)}/closing`, {}, values._key);
    if (answer.ok) return reply.redirect(`/visits/${request.params.id}`, 303);
    return visitPage(request, reply, view, request.params.id, { restriction: withProblem(view.t, values, answer.problem, []) });
  });

  web.get<Record<string, string>, { id: string }>('/notification-lists/:id', { permission: 'visit.notification_list', scope: { notification_list: '/params/id' } }, async (request, reply, view) => {
    const { t } = view;
    const list = await loadNotificationList(ctx.db, request.params.id);
    if (!list) return reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, t('error.page_not_found.title'), t('error.page_not_found.what'), t('error.page_not_found.todo')));
    return page({
      view,
      title: t('visit.notification_list'),
      nav: '/visits',
      children: (
        <>
          <p>{t('visit.list_drawn_up', { by: view.official(list.drawn_up_by), at: t.dateTime(list.drawn_up_at) })}</p>
          <div class="actions">
            {(['xlsx', 'csv', 'print'] as const).map((format) => (
              <form method="post" action={`/notification-lists/${list.id}/export`}>
                <FormKeys view={view} formKey={formKey()} />
                <input type="hidden" name="format" value={format} />
                <button type="submit" class="secondary">{t.of('export_format', format)}</button>
              </form>
            ))}
          </div>
          <h2>{t('visit.exports')}</h2>
          {list.exports.length ? (
            <ul>
              {list.exports.map((e) => (
                <li>
                  {t.of('export_format', e.format)} — <bdi>{view.official(e.by)}</bdi> — {t.dateTime(e.at)}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('visit.no_exports')}</p>
          )}
        </>
      ),
    });
  });

  web.post<Record<string, string>, { id: string }>('/notification-lists/:id/export', { permission: 'visit.notification_list', scope: { notification_list: '/params/id' } }, async (request, reply, view) => {
    const { t } = view;
    const values = postedValues(request.body);
    const format = ['xlsx', 'csv', 'print'].includes(values.format ?? '') ? values.format! : 'print';
    const url = `/api/notification-lists/${encodeURIComponent(request.params.id)}/exports?format=${format}`;
    // The file's column titles in the reader's language; its cells keep their codes.
    const columnTitles = [t('visit.register_number'), t('visit.names'), t('visit.kind'), t('visit.at'), t('visit.exit_status'), t('visit.other_facility')];
    if (format !== 'print') {
      const res = await web.api.inject({ method: 'POST', url, remoteAddress: request.ip, headers: { cookie: request.headers.cookie ?? '', 'idempotency-key': values._key ?? formKey() }, payload: { column_titles: columnTitles } });
      if (res.statusCode >= 400) throw new ApiProblem(res.statusCode === 404 ? 'not_found' : 'forbidden', 'the list could not be exported');
      return reply.type(String(res.headers['content-type'])).header('content-disposition', String(res.headers['content-disposition'])).send(res.rawPayload);
    }
    const answer = await callApi<{ rows: NotificationRow[] }>(web.api, request, 'POST', url, undefined, values._key);
    if (!answer.ok) throw new ApiProblem(answer.problem.status === 404 ? 'not_found' : 'forbidden', 'the list could not be exported');
    const [header, ...rows] = notificationCells(answer.body.rows, {
      header: columnTitles as unknown as NotificationLabels['header'],
      kind: (k) => t.of('notification_kind', k),
      exitStatus: (s) => t.of('custody_status', s),
    });
    return page({
      view,
      title: t('visit.notification_list'),
      nav: '/visits',
      children: (
        <div class="print-document">
          <DocHead view={view} title={t('visit.notification_list')} />
          <table>
            <thead>
              <tr>{header!.map((h) => <th scope="col">{h}</th>)}</tr>
            </thead>
            <tbody>
              {rows.map((cells) => (
                <tr>{cells.map((cell) => <td><bdi>{cell}</bdi></td>)}</tr>
              ))}
            </tbody>
          </table>
          <p>{t('visit.rows', { count: rows.length })}</p>
        </div>
      ),
    });
  });

  // The visitor's register: one check (visitorRegister) decides, as for the API, with the detainees withheld from the visitors.
  async function visitedFacility(view: View): Promise<{ facility_id: string; withheld: ReadonlySet<string> }> {
    const found = await visitorRegister(ctx.db, view.account!.id, ctx.clock());
    if (!found) throw new ApiProblem('forbidden', 'no accredited visit is open now');
    return found;
  }

  // A visitor's pages: scoped to the facility of their body's open accredited visit (visitedFacility).
  web.get('/visit-register', { permission: 'visit.register_read', scope: 'filtered' }, async (_request, _reply, view) => {
    const { t } = view;
    const { facility_id: facility, withheld } = await visitedFacility(view);
    const persons = await readPersonal(ctx.db, { accountId: view.account!.id, purpose: 'visit register', now: ctx.clock() }, async (tx) => (await facilityRegister(tx, facility)).filter((p) => !withheld.has(p.id)), (found) => found.map((p) => p.id));
    return page({
      view,
      title: t('visit.register'),
      nav: '/visit-register',
      children: (
        <>
          <p>{t('visit.rows', { count: persons.length })}</p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('visit.register_number')}</th>
                  <th scope="col">{t('visit.names')}</th>
                </tr>
              </thead>
              <tbody>
                {persons.map((p) => (
                  <tr>
                    <td>
                      <a href={`/visit-register/persons/${p.id}`}><RegNo value={p.register_number} /></a>
                    </td>
                    <td><bdi>{p.names}</bdi></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ),
    });
  });

  web.get<Record<string, string>, { id: string }>('/visit-register/persons/:id', { permission: 'visit.register_read', scope: 'filtered' }, async (request, reply, view) => {
    const { t } = view;
    const { facility_id: facility, withheld } = await visitedFacility(view);
    const now = ctx.clock();
    const id = request.params.id;
    const record = isUuid(id) && !withheld.has(id)
      ? await readPersonal(ctx.db, { accountId: view.account!.id, purpose: 'visit record', now }, async (tx) => ((await heldAmong(tx, facility, [id])).has(id) ? personRecord(tx, id, now) : null), (found) => (found ? [found.id] : []))
      : null;
    if (!record) return reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, t('error.page_not_found.title'), t('error.page_not_found.what'), t('error.page_not_found.todo')));
    return page({
      view,
      title: t('visit.register'),
      nav: '/visit-register',
      children: (
        <>
          <p><RegNo value={record.register_number} /></p>
          <ul>
            {record.names.map((n) => (
              <li><bdi>{n.full}</bdi></li>
            ))}
          </ul>
          <dl class="summary">
            <dt>{t('visit.in_custody_since')}</dt>
            <dd>{record.custody.since ? t.dateTime(record.custody.since) : ''}</dd>
          </dl>
        </>
      ),
    });
  });
}

function RestrictionsTable(props: { view: View; rows: readonly { body_name: string; facility_name: string; register_number: string | null; decision: string; reason: string; authority: string; until: string; decided_by: string; decided_at: string }[] }): Html {
  const { t } = props.view;
  if (!props.rows.length) return <p class="muted">{t('visit.no_restrictions')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('visit.body_name')}</th>
            <th scope="col">{t('visit.facility')}</th>
            <th scope="col">{t('visit.decision')}</th>
            <th scope="col">{t('visit.withheld_scope')}</th>
            <th scope="col">{t('visit.reason')}</th>
            <th scope="col">{t('visit.authority')}</th>
            <th scope="col">{t('visit.until')}</th>
            <th scope="col">{t('visit.decided_by')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td><bdi>{r.body_name}</bdi></td>
              <td><bdi>{r.facility_name}</bdi></td>
              <td>{t.of('access_decision', r.decision)}</td>
              <td>{r.register_number ? <RegNo value={r.register_number} /> : t('visit.whole_visit')}</td>
              <td><bdi>{r.reason}</bdi></td>
              <td><bdi>{r.authority}</bdi></td>
              <td>{t.dateTime(r.until)}</td>
              <td>
                <bdi>{props.view.official(r.decided_by)}</bdi> — {t.dateTime(r.decided_at)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
