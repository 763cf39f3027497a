/**
 * The custody-life page of a person (classifications and discipline) and its two forms, each
 * the API's request sent in-process (api/routes/custody-life.ts).
 */
import { h, Fragment } from '../../jsx.ts';
import { page, messagePage } from '../../layout.tsx';
import { callApi, postedValues, ReadRefused, withErrors, withProblem } from '../../forms.ts';
import { personOfPage, PersonLead } from '../../person-lead.tsx';
import { isUuid } from '../person.tsx';
import type { View } from '../../view.ts';
import type { Web } from '../../web-routes.ts';
import { keyGroups } from '../../i18n.ts';
import type { PersonCustodyLife } from '../../../queries/custody-life.ts';
import { CustodyLifePage, type CustodyLifeForms } from './custody-life-page.tsx';
import { assessBody, assessControls, assessMistakes, chargeBody, chargeControls, chargeMistakes, stepForms, type Step } from './forms.ts';
import type { Permission } from '../../../domain/permissions.ts';

const notices = new Set<string>(keyGroups.custody_life_notice);

export function custodyLifePages(web: Web): void {
  const { db } = web.ctx;
  type Reply = Parameters<Parameters<Web['get']>[2]>[1];
  type Req = Parameters<Parameters<Web['get']>[2]>[0];

  const notFound = (view: View, reply: Reply) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));

  async function custodyLifePage(request: Req, view: View, id: string, forms: CustodyLifeForms, notice?: string): Promise<string | null> {
    if (!isUuid(id)) return null;
    const person = await personOfPage(db, view, id, 'custody life', web.ctx.clock());
    if (!person) return null;
    const read = await callApi<PersonCustodyLife>(web.api, request, 'GET', `/api/persons/${id}/custody-life`);
    if (!read.ok) throw new ReadRefused(read.problem);
    return page({
      view,
      title: view.t('custody_life.title'),
      nav: '/search',
      children: (
        <>
          <PersonLead view={view} person={person} />
          <CustodyLifePage view={view} personId={id} data={read.body} forms={forms} now={web.ctx.clock()} notice={notice} />
        </>
      ),
    });
  }

  web.get<{ notice?: string }, { id: string }>('/persons/:id/custody-life', { permission: 'custody_life.read', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const notice = request.query.notice && notices.has(request.query.notice) ? request.query.notice : undefined;
    return (await custodyLifePage(request, view, request.params.id, {}, notice)) ?? notFound(view, reply);
  });

  const forms = [
    { path: 'classifications', form: 'assess', body: assessBody, controls: assessControls, mistakes: assessMistakes, notice: 'assessed', anchor: 'classifications' },
    { path: 'discipline', form: 'charge', body: chargeBody, controls: chargeControls, mistakes: chargeMistakes, notice: 'charged', anchor: 'discipline' },
  ] as const;
  for (const f of forms) {
    web.post<Record<string, string>, { id: string }>(`/persons/:id/${f.path}`, { permission: 'custody_life.record', scope: { person: '/params/id' } }, async (request, reply, view) => {
      const id = request.params.id;
      if (!isUuid(id)) return notFound(view, reply);
      const values = postedValues(request.body);
      // Every mistake the form can see is shown at once, each at its control; only a form without any is sent.
      const mistakes = f.mistakes(view.t, values);
      const answer = mistakes.size ? null : await callApi(web.api, request, 'POST', `/api/persons/${id}/${f.path}`, f.body(values), values._key);
      if (answer?.ok) return reply.redirect(`/persons/${id}/custody-life?notice=${f.notice}#${f.anchor}`, 303);
      const refused = answer ? withProblem(view.t, values, answer.problem, f.controls) : withErrors(values, mistakes, f.controls);
      const html = await custodyLifePage(request, view, id, { [f.form]: { ...refused, scope: f.form } });
      return html ? reply.code(422).type('text/html; charset=utf-8').send(html) : notFound(view, reply);
    });
  }

  // The steps on one classification or disciplinary case, each with the permission of its API route.
  const steps: readonly { on: 'classifications' | 'discipline'; step: Step; permission: Permission; notice: string }[] = [
    { on: 'classifications', step: 'contest', permission: 'custody_life.record', notice: 'contested' },
    { on: 'classifications', step: 'contest-decision', permission: 'custody_life.decide', notice: 'contest_decided' },
    { on: 'discipline', step: 'hearing', permission: 'custody_life.decide', notice: 'heard' },
    { on: 'discipline', step: 'sanction', permission: 'custody_life.decide', notice: 'sanctioned' },
    { on: 'discipline', step: 'sanction-end', permission: 'custody_life.record', notice: 'sanction_ended' },
    { on: 'discipline', step: 'appeal', permission: 'custody_life.record', notice: 'appealed' },
    { on: 'discipline', step: 'appeal-decision', permission: 'custody_life.appeal_decide', notice: 'appeal_decided' },
  ];
  for (const s of steps) {
    web.post<Record<string, string>, { id: string; rid: string }>(`/persons/:id/${s.on}/:rid/${s.step}`, { permission: s.permission, scope: { person: '/params/id' } }, async (request, reply, view) => {
      const { id, rid } = request.params;
      if (!isUuid(id) || !isUuid(rid)) return notFound(view, reply);
      const values = postedValues(request.body);
      const answer = await callApi(web.api, request, 'POST', `/api/persons/${id}/${s.on}/${rid}/${s.step}`, stepForms[s.step].body(values), values._key);
      if (answer.ok) return reply.redirect(`/persons/${id}/custody-life?notice=${s.notice}#${s.on}`, 303);
      const form = `${s.step}-${rid}`;
      const html = await custodyLifePage(request, view, id, { [form]: { ...withProblem(view.t, values, answer.problem, stepForms[s.step].controls), scope: form } });
      return html ? reply.code(422).type('text/html; charset=utf-8').send(html) : notFound(view, reply);
    });
  }
}
