/**
 * The complaint pages: a person's requests and complaints, allegations and evidence, with a
 * form for each action; recording an allegation from any role that hears one; the
 * independent authority's queue of referrals; the detainee's own file. Every change is the
 * API's request, sent in-process (routes/complaints.ts).
 */
import { h, Fragment } from '../../jsx.ts';
import { page, messagePage } from '../../layout.tsx';
import { mainName, Name, RegNo } from '../../components.tsx';
import { callApi, emptyForm, postedValues, ReadRefused, withProblem, type FormState } from '../../forms.ts';
import { personOfPage, PersonLead } from '../../person-lead.tsx';
import { personSummaries } from '../../../api/read-models.ts';
import { isUuid } from '../person.tsx';
import type { View } from '../../view.ts';
import type { Web } from '../../web-routes.ts';
import { keyGroups } from '../../i18n.ts';
import { AllegationForm, AllegationsTable, ComplaintsPage } from './complaints-page.tsx';
import { ComplaintFiguresSection } from './complaint-figures.tsx';
import type { ComplaintFigures } from '../../../queries/complaint-figures.ts';
import { OwnFilePage, emptyOwnFileForm, emptyRequestForm } from './own-file.tsx';
import {
  acknowledgeBody,
  acknowledgeControls,
  allegationBody,
  allegationControls,
  answerBody,
  answerControls,
  closeBody,
  closeControls,
  discloseBody,
  discloseControls,
  freezeBody,
  freezeControls,
  lodgeBody,
  lodgeControls,
  ownFileRequestBody,
  ownFileRequestControls,
} from './forms.ts';
import type { AllegationView, ComplaintForms, OwnFileDisclosure, OwnFileRequestView, PersonComplaints } from './views.ts';

const notices = new Set<string>(keyGroups.complaints_notice);

export function complaintPages(web: Web): void {
  const { db } = web.ctx;
  type Reply = Parameters<Parameters<Web['get']>[2]>[1];
  type Req = Parameters<Parameters<Web['get']>[2]>[0];

  const notFound = (view: View, reply: Reply) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));
  const again = (reply: Reply, html: string) => reply.code(422).type('text/html; charset=utf-8').send(html);

  /** The person's name and number over a page, read for the page's purpose (audited). */
  async function heading(view: View, id: string, purpose: string) {
    const person = await personOfPage(db, view, id, purpose, web.ctx.clock());
    return person ? <PersonLead view={view} person={person} /> : null;
  }

  async function complaintsPage(request: Req, view: View, id: string, forms: ComplaintForms, notice?: string): Promise<string | null> {
    if (!isUuid(id)) return null;
    const head = await heading(view, id, 'complaints');
    if (!head) return null;
    const read = await callApi<PersonComplaints>(web.api, request, 'GET', `/api/persons/${id}/complaints`);
    if (!read.ok) throw new ReadRefused(read.problem);
    return page({
      view,
      title: view.t('complaints.title'),
      nav: '/search',
      children: (
        <>
          {head}
          <ComplaintsPage view={view} personId={id} data={read.body} forms={forms} now={web.ctx.clock()} notice={notice} />
        </>
      ),
    });
  }

  web.get<{ notice?: string }, { id: string }>('/persons/:id/complaints', { permission: 'complaint.read', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const notice = request.query.notice && notices.has(request.query.notice) ? request.query.notice : undefined;
    return (await complaintsPage(request, view, request.params.id, {}, notice)) ?? notFound(view, reply);
  });

  /** A form posted to the API; on success to `done`, on refusal the page again with the form marked. */
  async function post(request: Req, reply: Reply, view: View, o: { url: string; body: unknown; values: Record<string, string>; controls: readonly string[]; form: string; personId: string; done: string; page?: (form: FormState) => Promise<string | null> }) {
    const answer = await callApi(web.api, request, 'POST', o.url, o.body, o.values._key);
    if (answer.ok) return reply.redirect(o.done, 303);
    const form = { ...withProblem(view.t, o.values, answer.problem, o.controls), scope: o.form };
    const html = o.page ? await o.page(form) : await complaintsPage(request, view, o.personId, { [o.form]: form });
    return html ? again(reply, html) : notFound(view, reply);
  }

  web.post<Record<string, string>, { id: string }>('/persons/:id/complaints', { permission: 'complaint.record', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const id = request.params.id;
    if (!isUuid(id)) return notFound(view, reply);
    const values = postedValues(request.body);
    return post(request, reply, view, { url: `/api/persons/${id}/complaints`, body: lodgeBody(values), values, controls: lodgeControls, form: 'lodge', personId: id, done: `/persons/${id}/complaints?notice=lodged#complaints` });
  });

  web.post<Record<string, string>, { cid: string }>('/complaints/:cid/answer', { permission: 'complaint.answer', scope: { complaint: '/params/cid' } }, async (request, reply, view) => {
    const values = postedValues(request.body);
    const personId = values._person ?? '';
    if (!isUuid(request.params.cid) || !isUuid(personId)) return notFound(view, reply);
    const form = `answer-${request.params.cid}`;
    return post(request, reply, view, { url: `/api/complaints/${request.params.cid}/answer`, body: answerBody(values), values, controls: answerControls, form, personId, done: `/persons/${personId}/complaints?notice=answered#complaints` });
  });

  // Recording an allegation: any role that hears one, on its own page or the person's complaints page.
  async function allegationPage(view: View, id: string, form: FormState) {
    const head = await heading(view, id, 'allegation');
    if (!head) return null;
    return page({
      view,
      title: view.t('complaints.record_allegation'),
      nav: '/search',
      children: (
        <>
          {head}
          <AllegationForm view={view} personId={id} form={form} now={web.ctx.clock()} open />
        </>
      ),
    });
  }

  web.get<Record<string, string>, { id: string }>('/persons/:id/allegations/new', { permission: 'allegation.record', scope: { person: '/params/id' } }, async (request, reply, view) => {
    return (await allegationPage(view, request.params.id, { ...emptyForm, scope: 'allegation' })) ?? notFound(view, reply);
  });

  web.post<Record<string, string>, { id: string }>('/persons/:id/allegations', { permission: 'allegation.record', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const id = request.params.id;
    if (!isUuid(id)) return notFound(view, reply);
    const values = postedValues(request.body);
    const done = view.can('complaint.read') ? `/persons/${id}/complaints?notice=allegation#allegations` : `/persons/${id}?allegation=recorded`;
    return post(request, reply, view, {
      url: `/api/persons/${id}/allegations`,
      body: allegationBody(values),
      values,
      controls: allegationControls,
      form: 'allegation',
      personId: id,
      done,
      page: view.can('complaint.read') ? undefined : (form) => allegationPage(view, id, form),
    });
  });

  web.post<Record<string, string>, { id: string }>('/persons/:id/evidence-freezes', { permission: 'evidence.freeze', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const id = request.params.id;
    if (!isUuid(id)) return notFound(view, reply);
    const values = postedValues(request.body);
    return post(request, reply, view, { url: `/api/persons/${id}/evidence-freezes`, body: freezeBody(values), values, controls: freezeControls, form: 'freeze', personId: id, done: `/persons/${id}/complaints?notice=frozen#evidence` });
  });

  // ---------------------------------------------------------------- the independent authority's queue

  async function queuePage(request: Req, view: View, forms: ComplaintForms, notice?: string) {
    const read = await callApi<{ referrals: AllegationView[] }>(web.api, request, 'GET', '/api/allegations');
    if (!read.ok) throw new ReadRefused(read.problem);
    const figures = view.can('oversight.read') ? await callApi<ComplaintFigures>(web.api, request, 'GET', '/api/oversight/complaint-figures') : null;
    if (figures && !figures.ok) throw new ReadRefused(figures.problem);
    const referrals = read.body.referrals;
    const summaries = new Map((await personSummaries(db, [...new Set(referrals.map((r) => r.person_id))])).map((s) => [s.id, s]));
    return page({
      view,
      title: view.t('complaints.queue_title'),
      nav: '/allegations',
      children: (
        <>
          {notice ? (
            <p class="banner ok" role="status">
              {view.t.of('complaints_notice', notice as never)}
            </p>
          ) : null}
          <p class="hint">{view.t('complaints.queue_intro')}</p>
          {referrals.length ? (
            [...new Set(referrals.map((r) => r.person_id))].map((pid) => {
              const s = summaries.get(pid);
              const name = s ? mainName(s.names, view) : undefined;
              return (
                <section>
                  <h2>
                    <a href={`/persons/${pid}`}>{name ? <Name full={name.full} script={name.script} /> : null}</a> {s ? <RegNo value={s.register_number} /> : null}
                  </h2>
                  <AllegationsTable view={view} allegations={referrals.filter((r) => r.person_id === pid)} forms={forms} personId={pid} back="/allegations" />
                </section>
              );
            })
          ) : (
            <p class="muted">{view.t('complaints.queue_empty')}</p>
          )}
          {figures?.ok ? <ComplaintFiguresSection view={view} figures={figures.body} /> : null}
        </>
      ),
    });
  }

  web.get<{ notice?: string }>('/allegations', { permission: 'allegation.refer', scope: 'filtered' }, async (request, _reply, view) => {
    const notice = request.query.notice && notices.has(request.query.notice) ? request.query.notice : undefined;
    return queuePage(request, view, {}, notice);
  });

  /** Where a referral's form goes back to: the queue, or the person's complaints page. */
  const backOf = (value: string | undefined) => (value && /^\/(allegations|persons\/[0-9a-f-]{36}\/complaints)$/.test(value) ? value : '/allegations');

  for (const [step, api, body, controls, notice] of [
    ['acknowledge', 'acknowledgement', acknowledgeBody, acknowledgeControls, 'acknowledged'],
    ['close', 'closure', closeBody, closeControls, 'closed'],
  ] as const) {
    web.post<Record<string, string>, { aid: string }>(`/allegations/:aid/${step}`, { permission: 'allegation.record', scope: { allegation: '/params/aid' } }, async (request, reply, view) => {
      const aid = request.params.aid;
      if (!isUuid(aid)) return notFound(view, reply);
      const values = postedValues(request.body);
      const back = backOf(values._back);
      const personId = back.split('/')[2] ?? '';
      const form = `${step}-${aid}`;
      return post(request, reply, view, {
        url: `/api/allegations/${aid}/${api}`,
        body: body(values),
        values,
        controls,
        form,
        personId,
        done: `${back}?notice=${notice}`,
        page: back === '/allegations' ? async (f) => queuePage(request, view, { [form]: f }) : undefined,
      });
    });
  }

  // ---------------------------------------------------------------- the detainee's own file (MR9)

  async function ownFilePage(request: Req, view: View, id: string, form: FormState, requestForm: FormState = emptyRequestForm) {
    const head = await heading(view, id, 'own file');
    if (!head) return null;
    const read = await callApi<{ disclosures: OwnFileDisclosure[]; requests: OwnFileRequestView[] }>(web.api, request, 'GET', `/api/persons/${id}/own-file`);
    if (!read.ok) throw new ReadRefused(read.problem);
    return page({
      view,
      title: view.t('own_file.page_title'),
      nav: '/search',
      children: (
        <>
          {head}
          <OwnFilePage view={view} personId={id} disclosures={read.body.disclosures} requests={read.body.requests} form={form} requestForm={requestForm} now={web.ctx.clock()} />
        </>
      ),
    });
  }

  web.get<Record<string, string>, { id: string }>('/persons/:id/own-file', { permission: 'own_file.disclose', scope: { person: '/params/id' } }, async (request, reply, view) => {
    return (await ownFilePage(request, view, request.params.id, emptyOwnFileForm)) ?? notFound(view, reply);
  });

  web.post<Record<string, string>, { id: string }>('/persons/:id/own-file-requests', { permission: 'own_file.disclose', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const id = request.params.id;
    if (!isUuid(id)) return notFound(view, reply);
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'POST', `/api/persons/${id}/own-file-requests`, ownFileRequestBody(values), values._key);
    if (answer.ok) return reply.redirect(`/persons/${id}/own-file#requests`, 303);
    const html = await ownFilePage(request, view, id, emptyOwnFileForm, { ...withProblem(view.t, values, answer.problem, ownFileRequestControls), scope: 'own-file-request' });
    return html ? again(reply, html) : notFound(view, reply);
  });

  web.post<Record<string, string>, { id: string }>('/persons/:id/own-file', { permission: 'own_file.disclose', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const id = request.params.id;
    if (!isUuid(id)) return notFound(view, reply);
    const values = postedValues(request.body);
    const { body, rowOf } = discloseBody(values);
    const answer = await callApi<{ disclosure_id: string }>(web.api, request, 'POST', `/api/persons/${id}/own-file`, body, values._key);
    if (answer.ok) return reply.redirect(`/print/persons/${id}/own-file/${answer.body.disclosure_id}`, 303);
    const form = { ...withProblem(view.t, values, { ...answer.problem, field: rowOf(answer.problem.field) }, discloseControls), scope: 'own-file' };
    const html = await ownFilePage(request, view, id, form);
    return html ? again(reply, html) : notFound(view, reply);
  });
}
