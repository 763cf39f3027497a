/**
 * Information requests (ICPPED 18): the list, a new request, a request's page with its look-up
 * and answer. Every change is the API's request (forms.ts callApi); every refusal is the API's,
 * shown at the field concerned. Only information officers and oversight see these pages.
 */
import type { ResponseClockStatus } from '../../../domain/response-clock.ts';
import { h } from '../../jsx.ts';
import { page, messagePage } from '../../layout.tsx';
import { callApi, emptyForm, instantFromLocal, postedList, postedValues, ReadRefused, withErrors, withProblem, type FormState } from '../../forms.ts';
import { dateProblemMessage, readDateTime } from '../../form-dates.ts';
import type { Article18Answer } from '../../../domain/article18-answer.ts';
import type { InformationRequest } from '../../../domain/information-request.ts';
import type { PersonSummaryView } from '../../../api/read-models.ts';
import { isUuid } from '../person.tsx';
import type { View } from '../../view.ts';
import type { Web } from '../../web-routes.ts';
import { NewRequestForm, RequestList, RequestPage, requestControls, type ListedRequest } from './pages.tsx';

type Values = Record<string, string>;

/** POST /api/information-requests from the form's values (the received time already read). */
function requestBody(values: Values, receivedAt: string): Record<string, unknown> {
  const asked: Record<string, unknown> = { names: (values['/asked_about/names'] ?? '').split(/\r?\n/).map((n) => n.trim()).filter(Boolean) };
  for (const key of ['dob', 'mother_name', 'details'] as const) {
    const v = (values[`/asked_about/${key}`] ?? '').trim();
    if (v) asked[key] = v;
  }
  return {
    requester: {
      name: values['/requester/name'] ?? '',
      relationship: values['/requester/relationship'] ?? '',
      identity_check: { method: values['/requester/identity_check/method'] ?? '', reference: values['/requester/identity_check/reference'] ?? '' },
      contact: values['/requester/contact'] ?? '',
    },
    asked_about: asked,
    received_at: receivedAt,
  };
}

interface RequestRead {
  readonly request: InformationRequest;
  readonly clock: { readonly status: ResponseClockStatus; readonly due: string };
  readonly persons: readonly PersonSummaryView[];
}

export function informationRequestPages(web: Web): void {
  type Req = Parameters<Parameters<Web['get']>[2]>[0];
  type Reply = Parameters<Parameters<Web['get']>[2]>[1];
  const html = (reply: Reply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const notFound = (view: View, reply: Reply) => html(reply, 404, messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));

  web.get('/information-requests', 'inforequest.read', async (request, _reply, view) => {
    const answer = await callApi<{ requests: ListedRequest[] }>(web.api, request, 'GET', '/api/information-requests');
    if (!answer.ok) throw new ReadRefused(answer.problem);
    return page({ view, title: view.t('inforequest.title'), nav: '/information-requests', children: <RequestList view={view} requests={answer.body.requests} /> });
  });

  const newPage = (view: View, form: FormState) => page({ view, title: view.t('inforequest.new'), nav: '/information-requests', children: <NewRequestForm view={view} form={form} /> });

  web.get('/information-requests/new', 'inforequest.manage', async (_request, _reply, view) => newPage(view, emptyForm));

  web.post('/information-requests', 'inforequest.manage', async (request, reply, view) => {
    const { t } = view;
    const values = postedValues(request.body);
    const received = readDateTime(values['/received_at']);
    if (!received.ok) return html(reply, 422, newPage(view, withErrors(values, new Map([['/received_at', dateProblemMessage(t, t('inforequest.received_at'), received.problem, true)]]), requestControls)));
    const answer = await callApi<{ request_id: string }>(web.api, request, 'POST', '/api/information-requests', requestBody(values, instantFromLocal(received.iso)), values._key);
    if (answer.ok) return reply.redirect(`/information-requests/${answer.body.request_id}?notice=recorded`, 303);
    const fromPath = Object.fromEntries(requestControls.map((c) => [`/body${c}`, c]));
    return html(reply, 422, newPage(view, withProblem(t, values, answer.problem, requestControls, fromPath)));
  });

  async function requestPage(request: Req, view: View, id: string, form: FormState, notice?: string): Promise<string | null> {
    if (!isUuid(id)) return null;
    const read = await callApi<RequestRead>(web.api, request, 'GET', `/api/information-requests/${id}`);
    if (!read.ok) {
      if (read.problem.code === 'not_found') return null;
      throw new ReadRefused(read.problem);
    }
    const r = read.body.request;
    const manage = view.can('inforequest.manage');
    let candidates;
    let draft: Article18Answer | null | undefined;
    if (manage && r.status === 'awaiting_lookup') {
      const found = await callApi<{ candidates: { person_id: string; score: number; person: PersonSummaryView }[] }>(web.api, request, 'GET', `/api/information-requests/${id}/candidates`);
      if (found.ok) candidates = found.body.candidates;
    }
    if (manage && r.status === 'lookup_reviewed') {
      const d = await callApi<{ answer: Article18Answer | null }>(web.api, request, 'GET', `/api/information-requests/${id}/draft-answer`);
      if (d.ok) draft = d.body.answer;
    }
    const persons = new Map(read.body.persons.map((p) => [p.id, p]));
    return page({
      view,
      title: view.t('inforequest.request_title'),
      nav: '/information-requests',
      children: <RequestPage view={view} request={r} clock={read.body.clock} persons={persons} candidates={candidates} draft={draft} form={form} notice={notice} />,
    });
  }

  web.get<{ notice?: string }, { id: string }>('/information-requests/:id', 'inforequest.read', async (request, reply, view) => {
    const notice = ['recorded', 'lookup', 'answered'].includes(request.query.notice ?? '') ? request.query.notice : undefined;
    return (await requestPage(request as never, view, request.params.id, emptyForm, notice)) ?? notFound(view, reply);
  });

  web.post<Record<string, string>, { id: string }>('/information-requests/:id/lookup', 'inforequest.manage', async (request, reply, view) => {
    const values = postedValues(request.body);
    const identified = values.identified && values.identified !== 'none' ? values.identified : null;
    const answer = await callApi(web.api, request, 'POST', `/api/information-requests/${request.params.id}/lookup`, { reviewed: postedList(request.body, 'reviewed'), identified, note: values['/note'] ?? '' }, values._key);
    if (answer.ok) return reply.redirect(`/information-requests/${request.params.id}?notice=lookup`, 303);
    const again = await requestPage(request as never, view, request.params.id, withProblem(view.t, values, answer.problem, ['/note']));
    return again === null ? notFound(view, reply) : html(reply, 422, again);
  });

  web.post<Record<string, string>, { id: string }>('/information-requests/:id/answer', 'inforequest.manage', async (request, reply, view) => {
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'POST', `/api/information-requests/${request.params.id}/answer`, {}, values._key);
    if (answer.ok) return reply.redirect(`/information-requests/${request.params.id}?notice=answered`, 303);
    const again = await requestPage(request as never, view, request.params.id, withProblem(view.t, values, answer.problem, []));
    return again === null ? notFound(view, reply) : html(reply, 422, again);
  });
}
