/**
 * Transfers: the list; drawing up an order (persons by register number, typed or scanned);
 * approving or cancelling it; the dispatch check-out list and dispatch under a named escort;
 * the arrival check-in list, where a register number is typed or scanned (with htmx, without
 * reloading the page), or the whole list scanned at the gate is checked in at once (one
 * all-or-nothing batch, a unit per category or one for all); refusing one person at arrival,
 * or the whole order; closing the count, after which anyone missing is an open incident; the
 * signed handover receipt; and closing the order. Every change goes through the API.
 */
import { h, Fragment } from '../../jsx.ts';
import { page, messagePage } from '../../layout.tsx';
import { Select, Pager, pageParam } from '../../components.tsx';
import { callApi, emptyForm, formKey, postedList, postedValues, problemMessage, ReadRefused, scannedNumbers, withProblem, type FormState, type Problem } from '../../forms.ts';
import { arrivalMembers, categoriesInTransit } from '../../../queries/arrival-list.ts';
import { shownPersonal } from '../../../queries/personal-read.ts';
import { facilities, findPersons, personSummaries, type FacilityView, type PersonSummaryView } from '../../../api/read-models.ts';
import { holdingsOf, personsHeldAt, type Holding } from '../../../queries/held-persons.ts';
import { parseRegisterNumber } from '../../../domain/register-number.ts';
import { transferStatuses } from '../../../domain/transfer.ts';
import { isUuid } from '../person.tsx';
import { keyGroups } from '../../i18n.ts';
import type { View } from '../../view.ts';
import type { Web } from '../../web-routes.ts';
import { CheckIn } from './check-in.tsx';
import { CreateForm } from './create-form.tsx';
import { DetailPage } from './detail.tsx';
import { TransferRows } from './list.tsx';
import { actionForms, arrivalRefused, arrivalsBody, arrivalsControls, arrivalsFromPath, checkInBody, checkInControls, checkInFromPath, createBody, createControls, draftAction, orderNumbers, readPastedList, withNumbers, refusalBody, refusalControls, refusalFromPath, trimmed, type ActionForm } from './forms.ts';
import { membersPerPage, type Draft, type PastedProblem, type Action, type ArrivalsCheckedIn, type CheckedIn, type Detail, type TransferCreated, type TransferList, type TransferNotice, type TransferView } from './views.ts';

const listPageSize = 25;
/** How many persons found by name the order's form offers to tick. */
const candidatesShown = 50;

/** Notices after an action, by key (nothing else from the URL is shown). */
const notices = new Set<string>(keyGroups.transfer_notice);

/** The transfer pages' routes; their components, view types and form mapping are in this folder. */
export function transferPages(web: Web): void {
  const { db } = web.ctx;
  type Req = Parameters<Parameters<Web['post']>[2]>[0];

  async function loadDetail(request: Req, id: string, pageNo: number): Promise<Detail | null> {
    if (!isUuid(id)) return null;
    const answer = await callApi<TransferView>(web.api, request, 'GET', `/api/transfers/${id}`);
    if (!answer.ok) {
      if (answer.problem.code === 'not_found') return null;
      throw new ReadRefused(answer.problem);
    }
    const transfer = answer.body;
    const all = await facilities(db);
    const to = transfer.destination;
    const destination = to.kind === 'facility' ? all.find((f) => f.id === to.facility_id) : undefined;
    // Names of the persons on this page of the list (the API's read has audited them).
    const onPage = transfer.members.slice((pageNo - 1) * membersPerPage, pageNo * membersPerPage).map((m) => m.person_id);
    const issues = transfer.members.filter((m) => m.status === 'discrepancy' || m.status === 'unaccounted').map((m) => m.person_id);
    const summaries = new Map((await personSummaries(db, [...new Set([...onPage, ...issues])])).map((s) => [s.id, s]));
    const categories = transfer.status === 'dispatched' ? await categoriesInTransit(db, transfer.id) : [];
    return { transfer, places: new Map(all.map((f) => [f.id, f.name])), destinationUnits: destination?.units ?? [], summaries, categories };
  }

  const notFound = (view: View, reply: Parameters<Parameters<Web['get']>[2]>[1]) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));

  function detailPage(view: View, detail: Detail, forms: Partial<Record<Action, FormState>>, notice: TransferNotice | undefined, pageNo: number, batchDone?: number): string {
    return page({ view, title: view.t('transfer.title'), nav: '/transfers', children: <DetailPage view={view} detail={detail} forms={forms} notice={notice} batchDone={batchDone} page={pageNo} /> });
  }

  web.get<{ status?: string; page?: string }>('/transfers', { permission: 'transfer.read', scope: 'filtered' }, async (request, _reply, view) => {
    const { t } = view;
    const status = (transferStatuses as readonly string[]).includes(request.query.status ?? '') ? request.query.status! : '';
    const answer = await callApi<TransferList>(web.api, request, 'GET', `/api/transfers${status ? `?status=${status}` : ''}`);
    const transfers = answer.ok ? answer.body.transfers : [];
    const current = pageParam(request.query.page);
    const shown = transfers.slice((current - 1) * listPageSize, current * listPageSize);
    const names = new Map((await facilities(db)).map((f) => [f.id, f.name]));
    return page({
      view,
      title: t('transfers.title'),
      nav: '/transfers',
      children: (
        <>
          {view.can('transfer.manage') ? (
            <p>
              <a class="button" href="/transfers/new">
                {t('transfer.new')}
              </a>
            </p>
          ) : null}
          <form method="get" action="/transfers" class="search-form">
            <Select form={emptyForm} name="status" value={status} label={t('transfer.filter_status')} options={transferStatuses.map((s) => [s, t.of('transfer_status', s)] as const)} blank={t('transfer.all_statuses')} />
            <button type="submit" class="secondary">{t('transfer.filter')}</button>
          </form>
          {!answer.ok ? <p class="banner bad">{t('transfer.list_failed')}</p> : null}
          {shown.length ? <TransferRows view={view} transfers={shown} names={names} /> : <p class="muted">{t('dashboard.no_transfers')}</p>}
          <Pager view={view} page={current} hasNext={transfers.length > current * listPageSize} href={(p) => `/transfers?${status ? `status=${status}&` : ''}page=${p}`} />
        </>
      ),
    });
  });

  /** Where the register holds a person, in words: the facility and unit, or their custody status. */
  function whereHeld(view: View, all: readonly FacilityView[], h: Holding): string {
    const f = all.find((x) => x.id === h.facility_id);
    const unit = f?.units.find((u) => u.id === h.unit_id)?.name;
    const place = [f?.name, unit].filter((x): x is string => !!x).join(' — ');
    return h.custody_status === 'in_custody' ? place : [view.t.of('custody_status', h.custody_status), place].filter(Boolean).join(' · ');
  }

  /** The order being drawn up: whom its numbers name and where each is held (an audited read), and the units persons may be added from. */
  async function draftOf(view: View, values: Record<string, string>, all: readonly FacilityView[], extra: Partial<Draft>): Promise<Draft> {
    const originId = values['/origin/facility_id'] ?? '';
    const origin = all.find((f) => f.id === originId);
    const typed = orderNumbers(values);
    const parsed = typed.map((n) => parseRegisterNumber(n));
    const holdings = await holdingsOf(db, parsed.filter((n): n is string => n !== null));
    const ids = [...holdings.values()].map((h) => h.person_id);
    const summaries = new Map((await personSummaries(db, ids)).map((p) => [p.id, p]));
    await shownPersonal(db, { accountId: view.account!.id, purpose: 'transfer order drawn up', now: web.ctx.clock() }, ids);
    const rows = typed.map((n, i) => {
      const h = parsed[i] ? holdings.get(parsed[i]!) : undefined;
      const person = h ? summaries.get(h.person_id) : undefined;
      return { typed: n, person, where: h ? whereHeld(view, all, h) : undefined, atOrigin: !!h && (!origin || (h.custody_status === 'in_custody' && h.facility_id === origin.id)) };
    });
    const units = origin ? origin.units.map((u) => [u.id, u.name] as const) : all.flatMap((f) => f.units.map((u) => [u.id, `${f.name} — ${u.name}`] as const));
    return { rows, units, ...extra };
  }

  /** Persons held at the origin whose names match, best first (the API's search, limited to them; its read is audited). */
  async function candidatesAt(request: Req, origin: FacilityView, name: string): Promise<{ ok: true; candidates: NonNullable<Draft['candidates']> } | { ok: false; problem: Problem }> {
    const q = new URLSearchParams({ q: name, top: String(candidatesShown), held_at: origin.id });
    const answer = await callApi<{ results: { person: PersonSummaryView }[]; total: number; more: boolean }>(web.api, request, 'GET', `/api/search?${q.toString()}`);
    if (!answer.ok) return answer;
    const where = await holdingsOf(db, answer.body.results.map((r) => r.person.register_number));
    const unitName = (number: string) => origin.units.find((u) => u.id === where.get(number)?.unit_id)?.name ?? '';
    const found = answer.body.results.map((r) => ({ person: r.person, unit: unitName(r.person.register_number) }));
    return { ok: true, candidates: { found, total: answer.body.total, more: answer.body.more } };
  }

  const newOrderPage = async (view: View, form: FormState, key: string, all: readonly FacilityView[], extra: Partial<Draft> = {}) =>
    page({ view, title: view.t('transfer.new'), nav: '/transfers', children: <CreateForm view={view} form={form} fkey={key} all={all} draft={await draftOf(view, { ...form.values }, all, extra)} /> });

  web.get('/transfers/new', { permission: 'transfer.manage', scope: 'register' }, async (_request, _reply, view) => newOrderPage(view, emptyForm, formKey(), await facilities(db)));

  // One form, several buttons: find by name, add those ticked, add a unit, add a pasted list —
  // each draws the form again with the persons added to its list of numbers — or draw the order
  // up, the one button that writes (POST /api/transfers, the command that lists the persons).
  // The order is drawn up by the API, which refuses a person out of the account's scope (POST /api/transfers).
  web.post('/transfers/new', { permission: 'transfer.manage', scope: 'filtered' }, async (request, reply, view) => {
    const { t } = view;
    const values = postedValues(request.body);
    const key = values._key || formKey();
    const all = await facilities(db);
    const show = async (form: FormState, extra: Partial<Draft> = {}) =>
      reply.code(form.errors.size || form.general.length ? 422 : 200).type('text/html; charset=utf-8').send(await newOrderPage(view, form, key, all, extra));
    const marked = (control: string, message: string, shown: Record<string, string> = values): FormState => ({ values: shown, errors: new Map([[control, message]]), general: [t('form.check_marked')] });
    const clean = (shown: Record<string, string>): FormState => ({ values: shown, errors: new Map(), general: [] });
    const action = draftAction(values);

    if (action === 'create') {
      // Register numbers as typed or scanned, one a line: each must be a person on the register.
      const typed = orderNumbers(values);
      const ids: string[] = [];
      const unknown: string[] = [];
      for (const number of typed) {
        const parsed = parseRegisterNumber(number);
        const found = parsed ? await findPersons(db, { registerNumber: parsed }, 1) : [];
        if (found[0]) ids.push(found[0]);
        else unknown.push(number);
      }
      await shownPersonal(db, { accountId: view.account!.id, purpose: 'transfer order drawn up', now: web.ctx.clock() }, ids);
      if (unknown.length) return show(marked('/persons', t('transfer.unknown_numbers', { numbers: unknown.join(', ') })));
      const answer = await callApi<TransferCreated>(web.api, request, 'POST', '/api/transfers', createBody(values, ids), key);
      if (!answer.ok) return show(withProblem(t, values, answer.problem, createControls));
      return reply.redirect(`/transfers/${answer.body.transfer_id}?notice=created`, 303);
    }

    // Persons are added from where they are held: the origin first.
    const origin = all.find((f) => f.id === values['/origin/facility_id']);
    if (!origin) return show(marked('/origin/facility_id', t('lists.origin_first')));

    if (action === 'find' || action === 'add_found') {
      const name = trimmed(values, '/find/name');
      const picks = postedList(request.body, '/find/pick').map((n) => parseRegisterNumber(n)).filter((n): n is string => n !== null);
      if (action === 'add_found' && picks.length) {
        // Still held at the origin as the form is sent (the list may be minutes old).
        const where = await holdingsOf(db, picks);
        const held = picks.filter((n) => where.get(n)?.facility_id === origin.id && where.get(n)?.custody_status === 'in_custody');
        const merged = withNumbers(values, held, parseRegisterNumber);
        return show(clean({ ...values, '/persons': merged.persons, '/find/name': '' }), { added: merged });
      }
      if (!name) return show(marked('/find/name', t('lists.find_empty')));
      const found = await candidatesAt(request, origin, name);
      if (!found.ok) return show(withProblem(t, values, found.problem, ['/find/name'], { '/query/q': '/find/name' }));
      return show(action === 'add_found' ? marked('/find/pick', t('lists.pick_none')) : clean(values), { candidates: found.candidates });
    }

    if (action === 'add_unit') {
      const unitId = values['/unit/unit_id'] ?? '';
      if (!unitId) return show(marked('/unit/unit_id', t('lists.unit_choose')));
      if (!origin.units.some((u) => u.id === unitId)) return show(marked('/unit/unit_id', t('lists.unit_elsewhere', { facility: origin.name })));
      const held = await personsHeldAt(db, origin.id, unitId);
      if (!held.length) return show(marked('/unit/unit_id', t('lists.unit_empty')));
      const merged = withNumbers(values, held.map((h) => h.register_number), parseRegisterNumber);
      return show(clean({ ...values, '/persons': merged.persons }), { added: merged });
    }

    // A pasted list: each line's numbers, those held at the origin added; every other line reported, and kept to correct.
    const entries = readPastedList(values['/paste/numbers'], parseRegisterNumber);
    if (!entries.length) return show(marked('/paste/numbers', t('lists.paste_empty')));
    const holdings = await holdingsOf(db, entries.flatMap((e) => (e.number ? [e.number] : [])));
    const problems: PastedProblem[] = [];
    const good: string[] = [];
    const elsewhere: string[] = [];
    for (const e of entries) {
      const h = e.number ? holdings.get(e.number) : undefined;
      if (!e.number) problems.push({ line: e.line, typed: e.typed, problem: 'unreadable' });
      else if (!h) problems.push({ line: e.line, typed: e.typed, problem: 'not_on_register' });
      else if (h.facility_id !== origin.id || h.custody_status !== 'in_custody') {
        problems.push({ line: e.line, typed: e.typed, problem: 'not_at_origin', where: whereHeld(view, all, h) });
        elsewhere.push(h.person_id);
      } else good.push(e.number);
    }
    await shownPersonal(db, { accountId: view.account!.id, purpose: 'transfer order drawn up', now: web.ctx.clock() }, elsewhere);
    const merged = withNumbers(values, good, parseRegisterNumber);
    const shown = { ...values, '/persons': merged.persons, '/paste/numbers': problems.map((p) => p.typed).join('\n') };
    return show(problems.length ? marked('/paste/numbers', t('lists.paste_problems', { count: problems.length }), shown) : clean(shown), { pasted: problems, added: merged });
  });

  web.get<{ page?: string; notice?: string; n?: string; received?: string }, { id: string }>('/transfers/:id', { permission: 'transfer.read', scope: { transfer: '/params/id' } }, async (request, reply, view) => {
    const pageNo = pageParam(request.query.page);
    const detail = await loadDetail(request as never, request.params.id, pageNo);
    if (!detail) return notFound(view, reply);
    const key = request.query.notice;
    const notice = key && notices.has(key) ? { key, number: parseRegisterNumber(request.query.n ?? '') ?? undefined } : undefined;
    const received = key === 'arrivals' && /^\d{1,5}$/.test(request.query.received ?? '') ? Number(request.query.received) : undefined;
    return detailPage(view, detail, {}, notice, pageNo, received);
  });

  /** An action on a transfer: its API request, and the page again with the outcome. */
  function action({ name, permission, apiPath, controls, body, done }: ActionForm) {
    web.post<Record<string, string>, { id: string }>(`/transfers/:id/${name}`, { permission, scope: { transfer: '/params/id' } }, async (request, reply, view) => {
      const detail = await loadDetail(request as never, request.params.id, 1);
      if (!detail) return notFound(view, reply);
      const values = postedValues(request.body);
      const answer = await callApi(web.api, request, 'POST', `/api/transfers/${detail.transfer.id}/${apiPath}`, body(values, web.ctx.clock), values._key);
      if (answer.ok) return reply.redirect(`/transfers/${detail.transfer.id}?notice=${done}`, 303);
      return reply.code(422).type('text/html; charset=utf-8').send(detailPage(view, detail, { [name]: withProblem(view.t, values, answer.problem, controls) }, undefined, 1));
    });
  }

  for (const form of actionForms) action(form);

  // Check-in: the number scanned or typed picks the person on the order; the API confirms it.
  web.post<Record<string, string>, { id: string }>('/transfers/:id/checkin', { permission: 'transfer.receive', scope: { transfer: '/params/id' } }, async (request, reply, view) => {
    const { t } = view;
    const id = request.params.id;
    const values = postedValues(request.body);
    const typed = trimmed(values, '/register_number');
    const parsed = parseRegisterNumber(typed);
    let detail = await loadDetail(request as never, id, 1);
    if (!detail) return notFound(view, reply);
    const member = parsed ? detail.transfer.members.find((m) => m.register_number === parsed) : undefined;
    let notice: TransferNotice | undefined;
    let form: FormState = { values, errors: new Map(), general: [] };
    if (!parsed) notice = { key: 'not_a_number' };
    else if (!member) notice = { key: 'not_on_transfer', number: parsed };
    else {
      const body = checkInBody(values, member, typed, detail.transfer.destination.kind === 'facility', web.ctx.clock);
      const answer = await callApi<CheckedIn>(web.api, request, 'POST', `/api/transfers/${id}/check-ins`, body, values._key);
      if (answer.ok) {
        notice = { key: answer.body.outcome, number: parsed };
        if (!view.htmx) return reply.redirect(`/transfers/${id}?notice=${answer.body.outcome}&n=${encodeURIComponent(parsed)}#checkin`, 303);
        detail = (await loadDetail(request as never, id, 1))!;
      } else {
        const problem: Problem = answer.problem;
        form = withProblem(t, values, problem, checkInControls, checkInFromPath);
      }
    }
    // The clerk's choices stay for the next scan; the number field is cleared and focused.
    const sticky: FormState = { ...form, values: { ...form.values, '/register_number': '' } };
    const status = form.errors.size || form.general.length || (notice && ['not_on_transfer', 'not_a_number'].includes(notice.key)) ? 422 : 200;
    if (view.htmx) return reply.code(status).type('text/html; charset=utf-8').send((<CheckIn view={view} detail={detail} form={sticky} batchForm={emptyForm} notice={notice} page={1} />).value);
    return reply.code(status).type('text/html; charset=utf-8').send(detailPage(view, detail, { checkin: sticky }, notice, 1));
  });

  // The list scanned at the gate: each number resolved to the person on the order, with a unit
  // for their category (or one for all); the API checks the whole list in as one batch or not at all.
  web.post<Record<string, string>, { id: string }>('/transfers/:id/arrivals', { permission: 'transfer.receive', scope: { transfer: '/params/id' } }, async (request, reply, view) => {
    const { t } = view;
    const values = postedValues(request.body);
    const detail = await loadDetail(request as never, request.params.id, 1);
    if (!detail) return notFound(view, reply);
    const tr = detail.transfer;
    const again = (form: FormState) => reply.code(422).type('text/html; charset=utf-8').send(detailPage(view, detail, { arrivals: form }, undefined, 1));
    const marked = (control: string, message: string): FormState => ({ values, errors: new Map([[control, message]]), general: [t('form.check_marked')] });
    const typed = scannedNumbers(values['/register_numbers']);
    if (!typed.length) return again(marked('/register_numbers', t('transfer.batch_empty')));
    const unreadable = typed.filter((n) => parseRegisterNumber(n) === null);
    if (unreadable.length) return again(marked('/register_numbers', t('transfer.batch_unreadable', { numbers: unreadable.join(', ') })));
    // Each person once, however often their wristband was scanned.
    const scanned = new Map<string, string>();
    for (const n of typed) if (!scanned.has(parseRegisterNumber(n)!)) scanned.set(parseRegisterNumber(n)!, n);
    const members = await arrivalMembers(db, tr.id, [...scanned.keys()]);
    const strangers = [...scanned.keys()].filter((n) => !members.has(n));
    if (strangers.length) return again(marked('/register_numbers', t('transfer.batch_not_on_order', { numbers: strangers.join(', ') })));
    const order = [...scanned.entries()];
    const body = arrivalsBody(values, order, members, tr.destination.kind === 'facility', web.ctx.clock);
    const answer = await callApi<ArrivalsCheckedIn>(web.api, request, 'POST', `/api/transfers/${tr.id}/arrivals`, body, values._key);
    if (answer.ok) return reply.redirect(`/transfers/${tr.id}?notice=arrivals&received=${answer.body.received + answer.body.handed_over}`, 303);
    // A refusal about one arrival names its register number, at the list (or at the unit it concerns).
    const one = arrivalRefused(answer.problem.field, values, order, members);
    if (one) return again(marked(one.control, t('transfer.batch_refused', { number: one.number, why: problemMessage(t, answer.problem) })));
    return again(withProblem(t, values, answer.problem, arrivalsControls, arrivalsFromPath));
  });

  // Refusing one person at arrival: they go back to the unit they left; the others are untouched.
  web.post<Record<string, string>, { id: string }>('/transfers/:id/refuse', { permission: 'transfer.receive', scope: { transfer: '/params/id' } }, async (request, reply, view) => {
    const { t } = view;
    const values = postedValues(request.body);
    const detail = await loadDetail(request as never, request.params.id, 1);
    if (!detail) return notFound(view, reply);
    const tr = detail.transfer;
    const again = (form: FormState) => reply.code(422).type('text/html; charset=utf-8').send(detailPage(view, detail, { refuse: form }, undefined, 1));
    const typed = trimmed(values, '/register_number');
    const parsed = parseRegisterNumber(typed);
    const member = parsed ? tr.members.find((m) => m.register_number === parsed) : undefined;
    if (!parsed) return again({ values, errors: new Map([['/register_number', t.of('transfer_notice', 'not_a_number')]]), general: [t('form.check_marked')] });
    if (!member) return again({ values, errors: new Map([['/register_number', t.of('transfer_notice', 'not_on_transfer', { number: parsed })]]), general: [t('form.check_marked')] });
    const answer = await callApi(web.api, request, 'POST', `/api/transfers/${tr.id}/refusals`, refusalBody(values, member, web.ctx.clock), values._key);
    if (answer.ok) return reply.redirect(`/transfers/${tr.id}?notice=refused&n=${encodeURIComponent(parsed)}`, 303);
    return again(withProblem(t, values, answer.problem, refusalControls, refusalFromPath));
  });

  // Issuing the handover receipt (once both sides have confirmed); then its print view.
  web.post<Record<string, string>, { id: string }>('/transfers/:id/receipt', { permission: 'transfer.receive', scope: { transfer: '/params/id' } }, async (request, reply, view) => {
    const values = postedValues(request.body);
    const detail = await loadDetail(request as never, request.params.id, 1);
    if (!detail) return notFound(view, reply);
    const answer = await callApi(web.api, request, 'POST', `/api/transfers/${detail.transfer.id}/receipt`, {}, values._key);
    // Issued now, or already (by another official, or this form sent twice): either way it is there to print.
    if (answer.ok || answer.problem.code === 'duplicate') return reply.redirect(`/print/transfers/${detail.transfer.id}/receipt${answer.ok ? '?notice=issued' : ''}`, 303);
    const { t } = view;
    return reply.code(422).type('text/html; charset=utf-8').send(messagePage(view, t('receipt.title'), problemMessage(t, answer.problem), t('receipt.issued_after_count')));
  });
}
