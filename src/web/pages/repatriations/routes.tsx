/**
 * Repatriation pages (issue 15): the list of cases by state and status; a case's page with its
 * timeline and the actions the reader's role may take; opening a case from a person's record;
 * the states' profiles. Every read and change is the API's request, sent in-process (each read
 * of a case audited there); every refusal is shown at its control.
 */
import { personOfPage, PersonLead } from '../../person-lead.tsx';
import { h, Fragment } from '../../jsx.ts';
import { page, messagePage } from '../../layout.tsx';
import { Badge, ErrorSummary, FormKeys, Name, RegNo, Select, TextArea, mainName } from '../../components.tsx';
import { callApi, emptyForm, formKey, postedValues, ReadRefused, withProblem, type FormState } from '../../forms.ts';
import { nationalityLabel } from '../../nationality-choices.ts';
import { personSummaries } from '../../../api/read-models.ts';
import { repatriationStatuses } from '../../../domain/repatriation.ts';
import type { StateProfile } from '../../../domain/state-profile.ts';
import type { RepatriationCaseShown, RepatriationListEntryShown } from '../../../api/liaison.ts';
import { isUuid } from '../person.tsx';
import type { View } from '../../view.ts';
import type { Web } from '../../web-routes.ts';
import { RepatriationPage, type RepatriationDetail } from './case-page.tsx';
import { statusTone } from './status-tone.ts';
import { openControls, repatriationActionForms, type RepatriationAction } from './forms.ts';
import { StateLetter, StatesReportDocument, StatesReportTable } from './states-desk.tsx';
import { answer as printAnswer, printView, type PrintQuery } from '../print/document.tsx';
import { unansweredAfterDays, type AwaitingEntry, type StateReportRow } from '../../../queries/states-report.ts';

export function repatriationPages(web: Web): void {
  const { db } = web.ctx;
  type Reply = Parameters<Parameters<Web['get']>[2]>[1];
  type Req = Parameters<Parameters<Web['get']>[2]>[0];

  const notFound = (view: View, reply: Reply) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));
  const again = (reply: Reply, html: string) => reply.code(422).type('text/html; charset=utf-8').send(html);
  // Lists, the desk and the letter are filtered by the API they call; a case is reached as the API reaches it (api/scope.ts).
  const listed = { permission: 'repatriation.read', scope: 'filtered' } as const;
  const theCase = { repatriation: '/params/id' } as const;

  /**
   * The names to show beside each person, by id: a state's liaison officer sees them only where
   * its state's data-sharing policy shares names, read through its nationals (a sharing,
   * recorded); anyone else from the records the API's read of the cases audited.
   */
  async function namesFor(request: Req, view: View, ids: readonly string[]): Promise<Map<string, readonly { script: string; full: string }[]>> {
    if (!view.can('nationals.read')) return new Map((await personSummaries(db, ids)).map((s) => [s.id, s.names]));
    const names = new Map<string, readonly { script: string; full: string }[]>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 200) {
      const chunk = unique.slice(i, i + 200);
      const answer = await callApi<{ fields: string[]; nationals: { id: string; names?: { script: string; full: string }[] }[] }>(web.api, request, 'GET', `/api/nationals?ids=${chunk.join(',')}&limit=200`);
      if (answer.ok) for (const n of answer.body.nationals) if (n.names) names.set(n.id, n.names);
    }
    return names;
  }

  /** A case as the API reads it (audited), with its person's names; null when there is none the reader may see. */
  async function loadCase(request: Req, view: View, id: string): Promise<RepatriationDetail | null> {
    if (!isUuid(id)) return null;
    const answer = await callApi<RepatriationCaseShown>(web.api, request, 'GET', `/api/repatriations/${id}`);
    if (!answer.ok) {
      if (answer.problem.code === 'not_found') return null;
      throw new ReadRefused(answer.problem);
    }
    const others = [...answer.body.family_members.map((m) => m.person_id), ...answer.body.named_children.map((n) => n.person_id)];
    const names = await namesFor(request, view, [answer.body.person_id, ...others]);
    return { case: answer.body, names: names.get(answer.body.person_id) ?? [], memberNames: names };
  }

  function casePage(view: View, detail: RepatriationDetail, forms: Partial<Record<RepatriationAction, FormState>>, notice?: string): string {
    return page({
      view,
      title: view.t('repatriation.title', { number: detail.case.register_number }),
      nav: '/repatriations',
      children: <RepatriationPage view={view} detail={detail} forms={forms} notice={notice} now={web.ctx.clock()} />,
    });
  }

  // ---------------------------------------------------------------- the list

  web.get<{ state?: string; status?: string }>('/repatriations', listed, async (request, reply, view) => {
    const { t } = view;
    const asked = { state: typeof request.query.state === 'string' ? request.query.state : '', status: typeof request.query.status === 'string' ? request.query.status : '' };
    const query = new URLSearchParams(Object.entries(asked).filter(([, v]) => v !== ''));
    const [answer, states] = await Promise.all([
      callApi<{ cases: RepatriationListEntryShown[] }>(web.api, request, 'GET', `/api/repatriations${query.size ? `?${query}` : ''}`),
      callApi<{ states: StateProfile[] }>(web.api, request, 'GET', '/api/repatriations/states'),
    ]);
    const filter: FormState = answer.ok ? { values: asked, errors: new Map(), general: [] } : withProblem(t, asked, answer.problem, ['state', 'status'], { '/query/state': 'state', '/query/status': 'status' });
    const cases = answer.ok ? answer.body.cases : [];
    const names = await namesFor(request, view, cases.map((c) => c.person_id));
    const html = page({
      view,
      title: t('repatriation.list_title'),
      nav: '/repatriations',
      children: (
        <>
          <p class="actions no-print">
            <a class="button secondary" href="/repatriations/states">
              {t('repatriation.states_title')}
            </a>
          </p>
          <form method="get" action="/repatriations" class="search-form filters no-print">
            <Select form={filter} name="state" label={t('repatriation.state')} options={(states.ok ? states.body.states : []).map((s) => [s.state, nationalityLabel(t, s.state)] as const)} blank={t('repatriation.every_state')} />
            <Select form={filter} name="status" label={t('repatriation.status')} options={repatriationStatuses.map((s) => [s, t.of('repatriation_status', s)] as const)} blank={t('repatriation.every_status')} />
            <button type="submit" class="secondary">
              {t('repatriation.show')}
            </button>
          </form>
          <ErrorSummary view={view} form={filter} />
          {cases.length ? (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('repatriation.person')}</th>
                    <th scope="col">{t('repatriation.state')}</th>
                    <th scope="col">{t('repatriation.status')}</th>
                    <th scope="col">{t('repatriation.travel')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cases.map((c) => {
                    const name = mainName(names.get(c.person_id) ?? [], view);
                    return (
                      <tr>
                        <td>
                          <a href={`/repatriations/${c.id}`}>{name ? <Name full={name.full} script={name.script} /> : <RegNo value={c.register_number} />}</a> · <RegNo value={c.register_number} />
                        </td>
                        <td>{nationalityLabel(t, c.state)}</td>
                        <td>
                          <Badge tone={statusTone(c.status)}>{t.of('repatriation_status', c.status)}</Badge>
                        </td>
                        <td>{c.blocked ? <Badge tone="bad">{t('repatriation.court_blocked')}</Badge> : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="muted">{t('repatriation.no_cases')}</p>
          )}
        </>
      ),
    });
    return answer.ok ? html : again(reply, html);
  });

  // ---------------------------------------------------------------- states' profiles

  web.get('/repatriations/states', listed, async (request, _reply, view) => {
    const { t } = view;
    const [profiles, report] = await Promise.all([
      callApi<{ states: StateProfile[] }>(web.api, request, 'GET', '/api/repatriations/states'),
      callApi<{ states: StateReportRow[]; unanswered_after_days: number }>(web.api, request, 'GET', '/api/repatriations/states-report'),
    ]);
    const states = profiles.ok ? profiles.body.states : [];
    return page({
      view,
      title: t('repatriation.states_title'),
      nav: '/repatriations',
      children: (
        <>
          <section aria-labelledby="desk-heading" id="desk">
            <h2 id="desk-heading">{t('desk.title')}</h2>
            <p class="actions no-print">
              <a class="button secondary" href="/print/repatriations/states-report">
                {t('desk.print')}
              </a>
            </p>
            <StatesReportTable view={view} rows={report.ok ? report.body.states : []} links unansweredAfterDays={report.ok ? report.body.unanswered_after_days : unansweredAfterDays()} />
          </section>
          <h2>{t('desk.profiles')}</h2>
          {states.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('repatriation.state')}</th>
                <th scope="col">{t('repatriation.consular_notification')}</th>
                <th scope="col">{t('repatriation.death_penalty')}</th>
                <th scope="col">{t('repatriation.liaison_contacts')}</th>
                <th scope="col">{t('desk.sharing_policy')}</th>
              </tr>
            </thead>
            <tbody>
              {states.map((s) => (
                <tr>
                  <td>
                    <a href={`/repatriations?state=${s.state}`}>{nationalityLabel(t, s.state)}</a>
                  </td>
                  <td>{t.of('consular_policy', s.consular_notification)}</td>
                  <td>{s.applies_death_penalty ? <Badge tone="bad">{t('repatriation.applies_death_penalty')}</Badge> : t('repatriation.no_death_penalty')}</td>
                  <td>
                    <ul class="plain">
                      {s.liaison_contacts.map((l) => (
                        <li>
                          <bdi>{l.name}</bdi> · <bdi>{l.post}</bdi> · <bdi dir="ltr">{l.contact}</bdi>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td data-policy={s.state}>
                    {[t('person.register_number'), ...(s.sharing_policy?.fields ?? []).map((f) => t.of('shared_field', f))].join(t.dir === 'rtl' ? '، ' : ', ')}
                    <div class="muted">{s.sharing_policy?.legal_basis ? <bdi>{s.sharing_policy.legal_basis}</bdi> : t('sharing.no_basis')}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{t('repatriation.no_states')}</p>
      )}
        </>
      ),
    });
  });

  web.get<PrintQuery>('/print/repatriations/states-report', listed, async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const report = await callApi<{ states: StateReportRow[]; unanswered_after_days: number }>(web.api, request, 'GET', '/api/repatriations/states-report');
    const html = page({
      view,
      title: view.t('desk.title'),
      print: true,
      children: <StatesReportDocument view={view} rows={report.ok ? report.body.states : []} unansweredAfterDays={report.ok ? report.body.unanswered_after_days : unansweredAfterDays()} />,
    });
    return printAnswer(reply, html, request.query.format, 'states-report');
  });

  web.get<PrintQuery, { code: string }>('/print/repatriations/states/:code/letter', listed, async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const code = request.params.code;
    const [profile, awaiting] = await Promise.all([
      callApi<StateProfile>(web.api, request, 'GET', `/api/repatriations/states/${encodeURIComponent(code)}`),
      callApi<{ cases: AwaitingEntry[] }>(web.api, request, 'GET', `/api/repatriations/states/${encodeURIComponent(code)}/awaiting`),
    ]);
    if (!profile.ok || !awaiting.ok) return notFound(view, reply);
    const names = await namesFor(request, view, awaiting.body.cases.map((c) => c.person_id));
    const html = page({
      view,
      title: view.t('desk.letter_title', { state: nationalityLabel(view.t, code) }),
      print: true,
      children: <StateLetter view={view} profile={profile.body} cases={awaiting.body.cases} names={names} now={web.ctx.clock()} />,
    });
    return printAnswer(reply, html, request.query.format, `letter-${code}`);
  });

  // ---------------------------------------------------------------- opening a case from a person's record

  async function openPage(request: Req, view: View, personId: string, form: FormState, fkey: string): Promise<string | null> {
    const { t } = view;
    const person = await personOfPage(db, view, personId, 'repatriation opened', web.ctx.clock());
    if (!person) return null;
    const states = await callApi<{ states: StateProfile[] }>(web.api, request, 'GET', '/api/repatriations/states');
    return page({
      view,
      title: t('repatriation.open_case'),
      nav: '/repatriations',
      children: (
        <>
          <PersonLead view={view} person={person} />
          <form method="post" action={`/persons/${person.id}/repatriations/new`} class="stack" novalidate>
            <FormKeys view={view} formKey={fkey} />
            <ErrorSummary view={view} form={form} />
            <Select form={form} name="/state" label={t('repatriation.state')} hint={t('repatriation.state_hint')} options={(states.ok ? states.body.states : []).map((s) => [s.state, nationalityLabel(t, s.state)] as const)} blank={t('form.choose')} required />
            <TextArea form={form} name="/reason" label={t('repatriation.reason')} hint={t('repatriation.reason_hint')} required />
            <div class="actions">
              <button type="submit">{t('repatriation.open_case')}</button>
            </div>
          </form>
        </>
      ),
    });
  }

  web.get<Record<string, string>, { id: string }>('/persons/:id/repatriations/new', { permission: 'repatriation.manage', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const html = await openPage(request, view, request.params.id, emptyForm, formKey());
    return html ?? notFound(view, reply);
  });

  web.post<Record<string, string>, { id: string }>('/persons/:id/repatriations/new', { permission: 'repatriation.manage', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const values = postedValues(request.body);
    const key = values._key || formKey();
    if (!isUuid(request.params.id)) return notFound(view, reply);
    const body = { person_id: request.params.id, state: values['/state'] ?? '', reason: (values['/reason'] ?? '').trim() };
    const answer = await callApi<{ case_id: string }>(web.api, request, 'POST', '/api/repatriations', body, key);
    if (answer.ok) return reply.redirect(`/repatriations/${answer.body.case_id}?notice=saved`, 303);
    if (answer.problem.code === 'not_found' && answer.problem.field === '/person_id') return notFound(view, reply);
    const html = await openPage(request, view, request.params.id, withProblem(view.t, values, answer.problem, openControls), key);
    return html ? again(reply, html) : notFound(view, reply);
  });

  // ---------------------------------------------------------------- a case's page and its actions

  web.get<{ notice?: string }, { id: string }>('/repatriations/:id', { permission: 'repatriation.read', scope: theCase }, async (request, reply, view) => {
    const detail = await loadCase(request, view, request.params.id);
    if (!detail) return notFound(view, reply);
    return casePage(view, detail, {}, request.query.notice === 'saved' ? 'saved' : undefined);
  });

  // A judge's court permission names a court case: the page reads the case and sends the form
  // through the API, whose route checks the court case against the judge's scope (filtered).
  for (const { name, permission, controls, body } of repatriationActionForms) {
    const access = { permission, scope: permission === 'case.decide' ? ('filtered' as const) : theCase };
    web.post<Record<string, string>, { id: string }>(`/repatriations/:id/${name}`, access, async (request, reply, view) => {
      const detail = await loadCase(request, view, request.params.id);
      if (!detail) return notFound(view, reply);
      const values = postedValues(request.body);
      const answer = await callApi(web.api, request, 'POST', `/api/repatriations/${detail.case.id}/${name}`, body(values, detail.case.state), values._key);
      if (answer.ok) return reply.redirect(`/repatriations/${detail.case.id}?notice=saved`, 303);
      const form = { ...withProblem(view.t, values, answer.problem, controls), scope: name };
      return again(reply, casePage(view, detail, { [name]: form }));
    });
  }
}
