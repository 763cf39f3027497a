/**
 * A person's record: every name by script and source, details and documents, custody now
 * and the custody timeline, the legal clocks, their cases before the courts and periods of
 * segregation (with the form to start or end one), admissions with every STANDARDS A item,
 * family and contacts, open tasks, and the event history with who recorded what and when.
 * Reading it is audited.
 */
import { h, Fragment } from '../jsx.ts';
import { page, messagePage } from '../layout.tsx';
import { Badge, RegNo, mainName, Name, Pager, pageParam, statusTone } from '../components.tsx';
import { readPersonal } from '../../queries/personal-read.ts';
import { facilities, personEvents, personRecord, type EventView, type PersonRecord } from '../../api/read-models.ts';
import type { Database } from '../../store/database.ts';
import { Admissions, CustodyTimeline, Details, Documents, EventsTable, FamilyAndContacts, NamesTable, placesOf, taskTitle, type Places } from '../record-parts.tsx';
import type { Web } from '../web-routes.ts';
import { ClocksPanel, HeldWithoutOrderBanner } from '../clocks-panel.tsx';
import { personClocks } from '../../queries/lawful-detention.ts';
import { evaluatePersonClocks, type PersonClocks } from '../../domain/clocks/person-clocks.ts';
import { clockRules } from '../../store/clock-projection.ts';
import { callApi, emptyForm, postedValues, withProblem, type FormState } from '../forms.ts';
import { duplicateQuestions } from '../../queries/duplicate-questions.ts';
import { DuplicateQuestionList } from '../duplicate-questions.tsx';
import { ActionForm } from './cases/action-form.tsx';
import { Input } from '../components.tsx';
import { instantFromLocal, localNow } from '../forms.ts';
import type { View } from '../view.ts';
import { PersonCases } from './cases/person-cases.tsx';
import { PersonRepatriations } from './repatriations/person-repatriations.tsx';
import type { RepatriationListEntryShown as RepatriationListEntry } from '../../api/liaison.ts';
import { SegregationSection } from './cases/segregation.tsx';
import { segregationBody, segregationControls } from './cases/forms.ts';
import type { CaseList, SegregationPeriods } from './cases/views.ts';

const eventsPerPage = 50;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => uuid.test(value);

/** A record with its events and the names of places, read in one transaction and audited. */
export async function readRecord(db: Database, id: string, accountId: string, now: Date, what: string): Promise<{ record: PersonRecord; events: EventView[]; places: Places; clocks: PersonClocks | null } | null> {
  if (!isUuid(id)) return null;
  return readPersonal(db, { accountId, purpose: what, now }, async (tx) => {
    const record = await personRecord(tx, id, now);
    if (!record) return null;
    // The record's history never shows what a confidential complaint says (MR56(3)): the independent authority reads it on the complaints page.
    const events = (await personEvents(tx, id, false)) ?? [];
    return { record, events, places: placesOf(await facilities(tx)), clocks: await personClocks(tx, id) };
  }, (found) => (found ? [found.record.id] : []));
}

/** Admission is open to a person registered, released or escaped (src/domain/admission.ts). */
export const admissible = (status: string) => status === 'registered' || status === 'released' || status === 'escaped';

export function personPages(web: Web): void {
  type Req = Parameters<Parameters<typeof web.get<Record<string, string | undefined>, { id: string }>>[2]>[0];
  type Reply = Parameters<Parameters<Web['get']>[2]>[1];
  type RecordQuery = { page?: string; registered?: string; admitted?: string; segregation?: string; task_done?: string; allegation?: string };

  /** The record's page; `segregationForm` is the segregation form as posted, when it was refused. */
  async function recordPage(request: Req, reply: Reply, view: View, query: RecordQuery, segregationForm?: FormState, taskForm?: { readonly taskId: string; readonly form: FormState }) {
    const { t } = view;
    const found = await readRecord(web.ctx.db, request.params.id!, view.account!.id, web.ctx.clock(), 'record');
    if (!found) return reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, t('error.not_found.title'), t('error.not_found.what'), t('error.not_found.todo')));
    const { record, events, places, clocks } = found;
    const evaluation = clocks ? evaluatePersonClocks(clocks, web.ctx.clock().getTime(), clockRules()) : null;
    // Cases and segregation, as the API reads them (each read audited).
    const cases = view.can('case.read') ? await callApi<CaseList>(web.api, request, 'GET', `/api/persons/${record.id}/cases`) : null;
    const repatriations = view.can('repatriation.read') ? await callApi<{ cases: RepatriationListEntry[] }>(web.api, request, 'GET', `/api/repatriations?person_id=${record.id}`) : null;
    const segregation = view.can('case.read') ? await callApi<{ periods: SegregationPeriods }>(web.api, request, 'GET', `/api/persons/${record.id}/segregation`) : null;
    // Open duplicate questions name other records: read, and audited, like the record itself.
    const questions = await readPersonal(web.ctx.db, { accountId: view.account!.id, purpose: 'duplicate questions', now: web.ctx.clock() }, (tx) => duplicateQuestions(tx, record.id), (found) => found.map((d) => d.other_id));
    const current = pageParam(query.page);
    const newestFirst = [...events].reverse();
    const shownEvents = newestFirst.slice((current - 1) * eventsPerPage, current * eventsPerPage);
    const heading = mainName(record.names, view);
    const c = record.custody;
    return page({
      view,
      title: t('person.title', { number: record.register_number }),
      nav: '/search',
      children: (
        <>
          {query.registered ? <p class="banner ok" role="status">{t('person.registered_banner')}</p> : null}
          {query.admitted ? <p class="banner ok" role="status">{t('person.admitted_banner')}</p> : null}
          {query.segregation === 'start' || query.segregation === 'end' ? <p class="banner ok" role="status">{t.of('segregation_done', query.segregation)}</p> : null}
          {query.task_done ? <p class="banner ok" role="status">{t('person.task_done_banner')}</p> : null}
          {query.allegation === 'recorded' ? <p class="banner ok" role="status">{t('complaints_notice.allegation')}</p> : null}
          <HeldWithoutOrderBanner view={view} evaluation={evaluation} />
          {questions.length ? (
            <div class="banner warn" role="alert" id="duplicate-question">
              <p>{t('person.duplicate_question', { count: questions.length })}</p>
              <DuplicateQuestionList view={view} questions={questions} />
            </div>
          ) : null}
          <p class="lead">
            {heading ? <Name full={heading.full} script={heading.script} /> : null} · <RegNo value={record.register_number} />{' '}
            <Badge tone={statusTone[c.status]}>{t.of('custody_status', c.status)}</Badge>
            {record.frozen ? <Badge tone="bad">{t('person.frozen')}</Badge> : null}
          </p>
          <div class="actions">
            {view.can('custody.admit') && admissible(c.status) ? (
              <a class="button" href={`/persons/${record.id}/admit`}>
                {t('person.admit')}
              </a>
            ) : null}
            <a class="button secondary" href={`/print/persons/${record.id}/extract`}>
              {t('person.print_extract')}
            </a>
            <a class="button secondary" href={`/print/persons/${record.id}/wristband`}>
              {t('person.print_wristband')}
            </a>
            {view.can('complaint.read') ? (
              <a class="button secondary" href={`/persons/${record.id}/complaints`}>
                {t('person.complaints')}
              </a>
            ) : view.can('allegation.record') ? (
              <a class="button secondary" href={`/persons/${record.id}/allegations/new`}>
                {t('complaints.record_allegation')}
              </a>
            ) : null}
            {view.can('custody_life.read') ? (
              <a class="button secondary" href={`/persons/${record.id}/custody-life`}>
                {t('person.custody_life')}
              </a>
            ) : null}
            {view.can('restriction.read') ? (
              <a class="button secondary" href={`/persons/${record.id}/restrictions`}>
                {t('person.restrictions')}
              </a>
            ) : null}
            {view.can('own_file.disclose') ? (
              <a class="button secondary" href={`/persons/${record.id}/own-file`}>
                {t('person.own_file')}
              </a>
            ) : null}
          </div>
          <div class="grid-2">
            <section aria-labelledby="custody-heading">
              <h2 id="custody-heading">{t('person.custody_now')}</h2>
              <dl class="facts">
                <dt>{t('person.status')}</dt>
                <dd>{t.of('custody_status', c.status)}</dd>
                {c.facility_id ? (
                  <>
                    <dt>{t('person.facility')}</dt>
                    <dd>
                      <bdi>{places.facility.get(c.facility_id) ?? ''}</bdi>
                      {c.unit_id ? (
                        <>
                          {' · '}
                          <bdi>{places.unit.get(c.unit_id) ?? ''}</bdi>
                        </>
                      ) : null}
                    </dd>
                  </>
                ) : null}
                {c.legal_status ? (
                  <>
                    <dt>{t('admit.legal_status')}</dt>
                    <dd>{t.of('legal_status', c.legal_status)}</dd>
                  </>
                ) : null}
                {c.category ? (
                  <>
                    <dt>{t('dashboard.category')}</dt>
                    <dd>{t.of('category', c.category)}</dd>
                  </>
                ) : null}
                <dt>{t('person.since')}</dt>
                <dd>{t.dateTime(c.since)}</dd>
              </dl>
              <h3>{t('person.timeline')}</h3>
              <CustodyTimeline t={t} record={record} places={places} />
            </section>
            <section aria-labelledby="details-heading">
              <h2 id="details-heading">{t('person.details')}</h2>
              <Details t={t} record={record} />
            </section>
          </div>
          <ClocksPanel view={view} clocks={clocks} evaluation={evaluation} />
          {cases ? <PersonCases view={view} personId={record.id} cases={cases.ok ? cases.body.cases : null} mayOpen={view.can('case.manage')} /> : null}
          {repatriations ? <PersonRepatriations view={view} personId={record.id} cases={repatriations.ok ? repatriations.body.cases : null} mayOpen={view.can('repatriation.manage')} /> : null}
          {segregation?.ok ? (
            <SegregationSection
              view={view}
              personId={record.id}
              periods={segregation.body.periods}
              places={places.facility}
              inFacility={c.status === 'in_custody' && !!c.facility_id}
              form={segregationForm ?? { ...emptyForm, scope: 'segregation' }}
              now={web.ctx.clock()}
            />
          ) : null}
          <section aria-labelledby="names-heading">
            <h2 id="names-heading">{t('person.names')}</h2>
            <NamesTable t={t} names={record.names} />
          </section>
          <section aria-labelledby="documents-heading">
            <h2 id="documents-heading">{t('person.documents')}</h2>
            <Documents t={t} record={record} />
          </section>
          <section aria-labelledby="family-heading">
            <h2 id="family-heading">{t('person.family')}</h2>
            <FamilyAndContacts t={t} record={record} />
          </section>
          {record.open_tasks.length ? (
            <section aria-labelledby="tasks-heading">
              <h2 id="tasks-heading">{t('person.open_tasks')}</h2>
              <ul>
                {record.open_tasks.map((task) => {
                  const form = taskForm?.taskId === task.id ? taskForm.form : { ...emptyForm, scope: `task-${task.id.slice(0, 8)}` };
                  return (
                    <li data-task={task.id}>
                      {task.overdue ? <Badge tone="bad">{t('dashboard.overdue')}</Badge> : null} {taskTitle(t, task)} — {t('person.due', { at: t.dateTime(task.due_at) })}
                      {view.can('custody.admit') ? (
                        <ActionForm view={view} action={`/persons/${record.id}/tasks/${task.id}/done`} title={t('person.task_done')} form={form} submit={t('person.task_done_submit')}>
                          <div class="grid-2">
                            <Input form={form} name="/outcome" label={t('person.task_outcome')} hint={t('person.task_outcome_hint')} required />
                            <Input form={form} name="/done_at" type="datetime-local" label={t('person.task_done_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(web.ctx.clock())} required />
                          </div>
                        </ActionForm>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="admissions-heading">
            <h2 id="admissions-heading">{t('person.admissions')}</h2>
            <Admissions t={t} record={record} places={places} />
          </section>
          <section aria-labelledby="events-heading">
            <h2 id="events-heading">{t('person.events')}</h2>
            <EventsTable t={t} events={shownEvents} official={view.official} />
            <Pager view={view} page={current} hasNext={newestFirst.length > current * eventsPerPage} href={(p) => `/persons/${record.id}?page=${p}#events-heading`} />
          </section>
        </>
      ),
    });
  }

  web.get<RecordQuery, { id: string }>('/persons/:id', { permission: 'person.read', scope: { person: '/params/id' } }, async (request, reply, view) => recordPage(request as never, reply, view, request.query));

  // A follow-up task done: the API's request, and the record again (the refusal at its control).
  web.post<Record<string, string>, { id: string; task: string }>('/persons/:id/tasks/:task/done', { permission: 'custody.admit', scope: { person: '/params/id' } }, async (request, reply, view) => {
    if (!isUuid(request.params.id) || !isUuid(request.params.task)) return recordPage(request as never, reply, view, {});
    const values = postedValues(request.body);
    const body = { outcome: (values['/outcome'] ?? '').trim(), done_at: instantFromLocal((values['/done_at'] ?? '').trim()) };
    const answer = await callApi(web.api, request, 'POST', `/api/persons/${request.params.id}/tasks/${request.params.task}/completion`, body, values._key);
    if (answer.ok) return reply.redirect(`/persons/${request.params.id}?task_done=1#tasks-heading`, 303);
    const form = { ...withProblem(view.t, values, answer.problem, ['/outcome', '/done_at']), scope: `task-${request.params.task.slice(0, 8)}` };
    reply.code(answer.problem.status === 404 ? 404 : 422);
    return recordPage(request as never, reply, view, {}, undefined, { taskId: request.params.task, form });
  });

  // Segregation starts or ends (MR44): the API's request, and the record again with its outcome.
  web.post<Record<string, string>, { id: string }>('/persons/:id/segregation', { permission: 'custody.segregate', scope: { person: '/params/id' } }, async (request, reply, view) => {
    if (!isUuid(request.params.id)) return recordPage(request as never, reply, view, {});
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'POST', `/api/persons/${request.params.id}/segregation`, segregationBody(values), values._key);
    if (answer.ok) return reply.redirect(`/persons/${request.params.id}?segregation=${values['/action'] === 'end' ? 'end' : 'start'}#segregation`, 303);
    const form = { ...withProblem(view.t, values, answer.problem, segregationControls), scope: 'segregation' };
    reply.code(answer.problem.status === 404 ? 404 : 422);
    return recordPage(request as never, reply, view, {}, form);
  });
}
