/**
 * Restrictions of what requesters are told (ICPPED 20): a person's restrictions, each with where
 * it stands (awaiting approval, in force until its expiry, lifted at it), the form to request one
 * (items, legal basis, judicial reference, the requesters it applies to, expiry), and the approval
 * by a second official — a refusal (the requester approving their own) shown at that
 * restriction's place. The list of every restriction awaiting approval or in force, for the
 * officials who approve them and oversight. Every change is the API's request (forms.ts callApi).
 */
import { h, Fragment, type Html } from '../jsx.ts';
import { page, messagePage } from '../layout.tsx';
import { Badge, Checkboxes, DateInput, ErrorSummary, FormKeys, Input, RegNo, TextArea, controlId } from '../components.tsx';
import { callApi, emptyForm, formKey, instantFromLocal, postedList, postedValues, problemMessage, ReadRefused, withErrors, withProblem, type FormState, type Problem } from '../forms.ts';
import { dateProblemMessage, readDateTime } from '../form-dates.ts';
import { personOfPage, PersonLead } from '../person-lead.tsx';
import { article18Items, restrictionState, type Restriction, type RestrictionState } from '../../domain/restriction.ts';
import { requesterRelationships, unrestrictableRelationships } from '../../domain/information-request.ts';
import { isUuid } from '../../domain/values.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

const stateTone: Readonly<Record<RestrictionState, 'ok' | 'warn' | 'bad' | 'info'>> = { awaiting_approval: 'warn', in_force: 'bad', lifted: 'ok', expired_unapproved: 'info' };

/** The requesters a restriction may apply to: never judges nor the independent visiting body. */
const restrictable = requesterRelationships.filter((r) => !(unrestrictableRelationships as readonly string[]).includes(r));

export const restrictionControls = ['/items', '/legal_basis', '/judicial_reference', '/applies_to', '/expires_at'];

/** Where a restriction stands, and until or since when. */
function StateLine(props: { view: View; restriction: Restriction; now: string }): Html {
  const { t } = props.view;
  const state = restrictionState(props.restriction, props.now);
  const when = t.dateTime(props.restriction.expires_at);
  return (
    <>
      <Badge tone={stateTone[state]}>{t.of('restriction_state', state)}</Badge>{' '}
      {state === 'lifted' || state === 'expired_unapproved' ? t('restriction.expired_at', { at: when }) : t('restriction.expires_at_line', { at: when })}
    </>
  );
}

function RestrictionsTable(props: { view: View; restrictions: readonly (Restriction & { register_number?: string })[]; now: string; refused?: { id: string; message: string }; back: string }): Html {
  const { view } = props;
  const { t } = view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {props.restrictions.some((r) => r.register_number) ? <th scope="col">{t('person.register_number')}</th> : null}
            <th scope="col">{t('restriction.items')}</th>
            <th scope="col">{t('restriction.applies_to')}</th>
            <th scope="col">{t('restriction.basis')}</th>
            <th scope="col">{t('restriction.state')}</th>
            <th scope="col">{t('restriction.officials')}</th>
          </tr>
        </thead>
        <tbody>
          {props.restrictions.map((r) => {
            const refused = props.refused?.id === r.id ? props.refused.message : undefined;
            const approvable = view.can('restriction.approve') && restrictionState(r, props.now) === 'awaiting_approval';
            return (
              <tr id={`restriction-${r.id}`} class={refused ? 'has-error' : undefined}>
                {r.register_number ? (
                  <td>
                    <a href={`/persons/${r.person_id}/restrictions`}>
                      <RegNo value={r.register_number} />
                    </a>
                  </td>
                ) : null}
                <td>{r.items.map((i) => t.of('a18_item', i)).join('، ')}</td>
                <td>{r.applies_to.map((a) => t.of('relationship', a)).join('، ')}</td>
                <td>
                  <bdi>{r.legal_basis}</bdi> — <bdi>{r.judicial_reference}</bdi>
                </td>
                <td>
                  <StateLine view={view} restriction={r} now={props.now} />
                </td>
                <td>
                  {t('restriction.requested_by', { by: view.official(r.requested_by), at: t.dateTime(r.requested_at) })}
                  {r.approved_by && r.approved_at ? (
                    <>
                      <br />
                      {t('restriction.approved_by', { by: view.official(r.approved_by), at: t.dateTime(r.approved_at) })}
                    </>
                  ) : null}
                  {approvable ? (
                    <form method="post" action={`/restrictions/${r.id}/approve`} class="inline" novalidate>
                      <FormKeys view={view} formKey={formKey()} />
                      <input type="hidden" name="_back" value={props.back} />
                      <button type="submit">{t('restriction.approve')}</button>
                    </form>
                  ) : null}
                  {refused ? (
                    <p class="error" id={`restriction-${r.id}-error`} role="alert">
                      {refused}
                    </p>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RequestForm(props: { view: View; personId: string; form: FormState }): Html {
  const { view, form } = props;
  const { t } = view;
  const checked = (name: string) => (form.values[name] ?? '').split('\n').filter(Boolean);
  return (
    <section class="card action" aria-labelledby="restriction-new-heading" id="request">
      <h2 id="restriction-new-heading">{t('restriction.new')}</h2>
      <p class="hint">{t('restriction.new_hint')}</p>
      <form method="post" action={`/persons/${props.personId}/restrictions`} class="stack" novalidate>
        <FormKeys view={view} formKey={form.values._key ?? formKey()} />
        <ErrorSummary view={view} form={form} />
        <Checkboxes form={form} name="/items" legend={t('restriction.items')} options={article18Items.map((i) => [i, t.of('a18_item', i)] as const)} checked={checked('/items')} />
        <Input form={form} name="/legal_basis" label={t('restriction.legal_basis')} hint={t('restriction.legal_basis_hint')} required />
        <Input form={form} name="/judicial_reference" label={t('restriction.judicial_reference')} required />
        <Checkboxes form={form} name="/applies_to" legend={t('restriction.applies_to')} options={restrictable.map((r) => [r, t.of('relationship', r)] as const)} checked={checked('/applies_to')} />
        <DateInput form={form} t={t} name="/expires_at" label={t('restriction.expires_at')} withTime required />
        <div class="actions">
          <button type="submit">{t('restriction.request')}</button>
        </div>
      </form>
    </section>
  );
}

type PersonRestrictions = { restrictions: Restriction[]; now: string };

/** The place of a problem the API gives with the body's path (`/body/items/0`) on the form (`/items`). */
const bodyPath = (problem: Problem): Problem => (problem.field?.startsWith('/body/') ? { ...problem, field: problem.field.slice('/body'.length) } : problem);

export function restrictionPages(web: Web): void {
  const { db } = web.ctx;
  type Reply = Parameters<Parameters<Web['get']>[2]>[1];
  type Req = Parameters<Parameters<Web['get']>[2]>[0];
  const html = (reply: Reply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const notFound = (view: View, reply: Reply) => html(reply, 404, messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));
  const refusal = (view: View, problem: Problem) => (problem.code === 'same_official' ? view.t('restriction.same_official') : problemMessage(view.t, problem));

  async function personPage(request: Req, view: View, id: string, form: FormState, o: { notice?: string; refused?: { id: string; message: string } } = {}): Promise<string | null> {
    if (!isUuid(id)) return null;
    const person = await personOfPage(db, view, id, 'restrictions', web.ctx.clock());
    if (!person) return null;
    const read = await callApi<PersonRestrictions>(web.api, request, 'GET', `/api/restrictions?person_id=${id}`);
    if (!read.ok) throw new ReadRefused(read.problem);
    const { t } = view;
    return page({
      view,
      title: t('restriction.title'),
      nav: '/restrictions',
      children: (
        <>
          <PersonLead view={view} person={person} />
          {o.notice ? (
            <p class="banner ok" role="status">
              {t.of('restriction_notice', o.notice)}
            </p>
          ) : null}
          <p class="hint">{t('restriction.intro')}</p>
          {read.body.restrictions.length ? (
            <RestrictionsTable view={view} restrictions={read.body.restrictions} now={read.body.now} refused={o.refused} back={`/persons/${id}/restrictions`} />
          ) : (
            <p class="muted">{t('restriction.none')}</p>
          )}
          {view.can('restriction.request') ? <RequestForm view={view} personId={id} form={form} /> : null}
        </>
      ),
    });
  }

  async function listPage(request: Req, view: View, o: { notice?: string; refused?: { id: string; message: string } } = {}): Promise<string> {
    const read = await callApi<{ restrictions: (Restriction & { register_number: string })[]; now: string }>(web.api, request, 'GET', '/api/restrictions');
    if (!read.ok) throw new ReadRefused(read.problem);
    const { t } = view;
    return page({
      view,
      title: t('restriction.list_title'),
      nav: '/restrictions',
      children: (
        <>
          {o.notice ? (
            <p class="banner ok" role="status">
              {t.of('restriction_notice', o.notice)}
            </p>
          ) : null}
          <p class="hint">{t('restriction.list_intro')}</p>
          {read.body.restrictions.length ? (
            <RestrictionsTable view={view} restrictions={read.body.restrictions} now={read.body.now} refused={o.refused} back="/restrictions" />
          ) : (
            <p class="muted">{t('restriction.none_open')}</p>
          )}
        </>
      ),
    });
  }

  const notices = ['requested', 'approved'];
  const noticeOf = (value: string | undefined) => (value && notices.includes(value) ? value : undefined);

  web.get<{ notice?: string }>('/restrictions', { permission: 'restriction.read', scope: 'filtered' }, async (request, _reply, view) => listPage(request as never, view, { notice: noticeOf(request.query.notice) }));

  web.get<{ notice?: string }, { id: string }>('/persons/:id/restrictions', { permission: 'restriction.read', scope: { person: '/params/id' } }, async (request, reply, view) => {
    return (await personPage(request as never, view, request.params.id, emptyForm, { notice: noticeOf(request.query.notice) })) ?? notFound(view, reply);
  });

  web.post<Record<string, string>, { id: string }>('/persons/:id/restrictions', { permission: 'restriction.request', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const id = request.params.id;
    if (!isUuid(id)) return notFound(view, reply);
    const { t } = view;
    const items = postedList(request.body, 'items');
    const appliesTo = postedList(request.body, 'applies_to');
    const values: Record<string, string> = { ...postedValues(request.body), '/items': items.join('\n'), '/applies_to': appliesTo.join('\n') };
    const again = async (form: FormState) => {
      const body = await personPage(request as never, view, id, form);
      return body === null ? notFound(view, reply) : html(reply, 422, body);
    };
    const typed = (values['/expires_at'] ?? '').trim();
    let expiresAt: string | undefined;
    if (typed) {
      const read = readDateTime(typed);
      if (!read.ok) return again(withErrors(values, new Map([['/expires_at', dateProblemMessage(t, t('restriction.expires_at'), read.problem, true)]]), restrictionControls));
      expiresAt = instantFromLocal(read.iso);
    }
    const body = {
      person_id: id,
      items,
      legal_basis: (values['/legal_basis'] ?? '').trim(),
      judicial_reference: (values['/judicial_reference'] ?? '').trim(),
      applies_to: appliesTo,
      ...(expiresAt ? { expires_at: expiresAt } : {}),
    };
    const answer = await callApi(web.api, request, 'POST', '/api/restrictions', body, values._key);
    if (answer.ok) return reply.redirect(`/persons/${id}/restrictions?notice=requested`, 303);
    return again(withProblem(t, values, bodyPath(answer.problem), restrictionControls));
  });

  web.post<Record<string, string>, { rid: string }>('/restrictions/:rid/approve', { permission: 'restriction.approve', scope: { restriction: '/params/rid' } }, async (request, reply, view) => {
    const rid = request.params.rid;
    if (!isUuid(rid)) return notFound(view, reply);
    const values = postedValues(request.body);
    const personBack = /^\/persons\/([0-9a-f-]{36})\/restrictions$/.exec(values._back ?? '');
    const back = personBack ? values._back! : '/restrictions';
    const answer = await callApi(web.api, request, 'POST', `/api/restrictions/${rid}/approval`, undefined, values._key);
    if (answer.ok) return reply.redirect(`${back}?notice=approved`, 303);
    const refused = { id: rid, message: refusal(view, answer.problem) };
    const body = personBack ? await personPage(request as never, view, personBack[1]!, emptyForm, { refused }) : await listPage(request as never, view, { refused });
    return body === null ? notFound(view, reply) : html(reply, 422, body);
  });
}
