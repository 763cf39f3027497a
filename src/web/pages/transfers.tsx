/**
 * Transfers: the list; drawing up an order (persons by register number, typed or scanned);
 * approving or cancelling it; the dispatch check-out list and dispatch under a named escort;
 * the arrival check-in list, where a register number is typed or scanned (with htmx, without
 * reloading the page), or the whole list scanned at the gate is checked in at once (one
 * all-or-nothing batch, a unit per category or one for all); refusing one person at arrival,
 * or the whole order; closing the count, after which anyone missing is an open incident; the
 * signed handover receipt; and closing the order. Every change goes through the API.
 */
import { h, Fragment, type Html } from '../jsx.ts';
import { page, messagePage } from '../layout.tsx';
import { Badge, Endpoint, ErrorSummary, FormKeys, Input, Name, Pager, Radios, RegNo, Select, TextArea, pageParam, statusTone } from '../components.tsx';
import { callApi, emptyForm, formKey, instantFromLocal, localNow, postedValues, problemMessage, scannedNumbers, withProblem, type FormState, type Problem } from '../forms.ts';
import { arrivalMembers, categoriesInTransit } from '../../queries/arrival-list.ts';
import { shownPersonal } from '../../queries/personal-read.ts';
import { facilities, findPersons, personSummaries, type FacilityView, type PersonSummaryView } from '../../api/read-models.ts';
import { parseRegisterNumber } from '../../domain/register-number.ts';
import { cancellationCodes, transferStatuses } from '../../domain/transfer.ts';
import { legalStatuses } from '../../domain/placement.ts';
import { isUuid } from './person.tsx';
import { keyGroups } from '../i18n.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

interface Member {
  person_id: string;
  register_number: string;
  status: string;
  incident_id: string | null;
  unit_id: string | null;
  settled_at: string | null;
}

/** A transfer as the API's read of it gives it. */
export interface TransferView {
  id: string;
  status: string;
  origin: { kind: string; facility_id?: string; name?: string; country?: string };
  destination: { kind: string; facility_id?: string; name?: string; country?: string };
  reason: string;
  persons: number;
  created_by: string;
  created_at: string;
  approved_by: string | null;
  dispatched_at: string | null;
  count_closed_at: string | null;
  closed_at: string | null;
  cancellation: { code: string; note: string; at: string } | null;
  escort: { authority: string; commander: string } | null;
  releasing_official: string | null;
  receiving_official: string | null;
  rejection: { reason: string; receiving_official: string; at: string } | null;
  counts: Record<string, number>;
  members: Member[];
}

const listPageSize = 25;
const membersPerPage = 50;

type Action = 'approve' | 'cancel' | 'dispatch' | 'checkin' | 'arrivals' | 'refuse' | 'count' | 'reject' | 'close';

/** Notices after an action, by key (nothing else from the URL is shown). */
const notices = new Set<string>(keyGroups.transfer_notice);

// ---------------------------------------------------------------- list

function TransferRows(props: { view: View; transfers: readonly TransferView[]; names: ReadonlyMap<string, string> }): Html {
  const { t } = props.view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('transfer.from')}</th>
            <th scope="col">{t('transfer.to')}</th>
            <th scope="col">{t('transfer.status')}</th>
            <th scope="col" class="num">{t('transfer.persons')}</th>
            <th scope="col">{t('transfer.created_at')}</th>
            <th scope="col">{t('transfer.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {props.transfers.map((tr) => (
            <tr>
              <td>
                <a href={`/transfers/${tr.id}`}>
                  <Endpoint endpoint={tr.origin} facilityNames={props.names} />
                </a>
              </td>
              <td>
                <Endpoint endpoint={tr.destination} facilityNames={props.names} />
              </td>
              <td>
                <Badge tone={statusTone[tr.status]}>{t.of('transfer_status', tr.status)}</Badge>
              </td>
              <td class="num">{t.number(tr.persons)}</td>
              <td>{t.dateTime(tr.created_at)}</td>
              <td>
                <bdi>{tr.reason}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---------------------------------------------------------------- create

const createControls = ['/origin/facility_id', '/destination/kind', '/destination/facility_id', '/destination/name', '/destination/country', '/reason', '/persons'];

function CreateForm(props: { view: View; form: FormState; fkey: string; all: readonly FacilityView[] }): Html {
  const { view, form } = props;
  const { t } = view;
  const options = props.all.map((f) => [f.id, f.name] as const);
  return (
    <form method="post" action="/transfers/new" class="stack" novalidate>
      <FormKeys view={view} formKey={props.fkey} />
      <ErrorSummary view={view} form={form} />
      <Select form={form} name="/origin/facility_id" label={t('transfer.from')} options={options} blank={t('form.choose')} required />
      <fieldset>
        <legend>{t('transfer.to')}</legend>
        <Radios form={form} name="/destination/kind" legend={t('transfer.destination_kind')} value="facility" options={[['facility', t('transfer.to_facility')], ['authority', t('transfer.to_authority')]]} />
        <Select form={form} name="/destination/facility_id" label={t('transfer.destination_facility')} options={options} blank={t('form.choose')} />
        <div class="grid-2">
          <Input form={form} name="/destination/name" label={t('transfer.authority_name')} />
          <Input form={form} name="/destination/country" label={t('transfer.authority_country')} hint={t('register.country_hint')} dir="ltr" />
        </div>
      </fieldset>
      <TextArea form={form} name="/reason" label={t('transfer.reason')} required />
      <TextArea form={form} name="/persons" label={t('transfer.persons_numbers')} hint={t('transfer.persons_hint')} rows={6} required />
      <div class="actions">
        <button type="submit">{t('transfer.create')}</button>
        <a href="/transfers">{t('form.cancel')}</a>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------- one transfer

interface Detail {
  readonly transfer: TransferView;
  readonly places: ReadonlyMap<string, string>;
  readonly destinationUnits: readonly { id: string; name: string; category: string }[];
  readonly summaries: ReadonlyMap<string, PersonSummaryView>;
  /** Categories of the persons still in transit: a unit is chosen for each at a batch check-in. */
  readonly categories: readonly string[];
}

function ActionForm(props: { view: View; id: string; action: Action; title: string; form: FormState; children?: unknown; submit: string; danger?: boolean }): Html {
  return (
    <section class="card action" aria-labelledby={`${props.action}-heading`}>
      <h2 id={`${props.action}-heading`}>{props.title}</h2>
      <form method="post" action={`/transfers/${props.id}/${props.action}`} class="stack" novalidate>
        <FormKeys view={props.view} formKey={formKey()} />
        <ErrorSummary view={props.view} form={props.form} />
        {props.children as Html}
        <div class="actions">
          <button type="submit" class={props.danger ? 'danger' : undefined}>
            {props.submit}
          </button>
        </div>
      </form>
    </section>
  );
}

function MemberName(props: { summary: PersonSummaryView | undefined; view: View }): Html {
  const names = props.summary?.names ?? [];
  return (
    <>
      {names.map((n, i) => (
        <>
          {i ? ' · ' : ''}
          <Name full={n.full} script={n.script} />
        </>
      ))}
    </>
  );
}

/** The arrival check-in: scan or type a register number; the list updates in place. */
function CheckIn(props: { view: View; detail: Detail; form: FormState; batchForm: FormState; notice?: { key: string; number?: string }; page: number }): Html {
  const { view, detail, form } = props;
  const { t } = view;
  const tr = detail.transfer;
  const toFacility = tr.destination.kind === 'facility';
  const official = view.account?.display_name ?? '';
  const waiting = tr.members.filter((m) => m.status === 'in_transit');
  const shown = tr.members.slice((props.page - 1) * membersPerPage, props.page * membersPerPage);
  const unitOptions = detail.destinationUnits.map((u) => [u.id, `${u.name} (${t.of('category', u.category)})`] as const);
  return (
    <section id="checkin" aria-labelledby="checkin-heading">
      <h2 id="checkin-heading">{t('transfer.checkin_heading')}</h2>
      <p>{t('transfer.waiting', { count: waiting.length })}</p>
      {props.notice ? <Notice view={view} notice={props.notice} /> : null}
      <form method="post" action={`/transfers/${tr.id}/checkin`} class="stack" novalidate hx-post={`/transfers/${tr.id}/checkin`} hx-target="#checkin" hx-swap="outerHTML">
        <FormKeys view={view} formKey={formKey()} />
        <ErrorSummary view={view} form={form} />
        <Input form={{ ...form, values: {} }} name="/register_number" label={t('transfer.scan_label')} hint={t('transfer.scan_hint')} dir="ltr" autofocus inputmode="text" />
        <div class="grid-3">
          {toFacility ? <Select form={form} name="/unit_id" label={t('admit.unit')} options={unitOptions} blank={t('form.choose')} required /> : <Input form={form} name="/receipt_reference" label={t('transfer.receipt_reference')} />}
          {toFacility ? <Select form={form} name="/legal_status" label={t('transfer.legal_status_if_none')} options={legalStatuses.map((s) => [s, t.of('legal_status', s)] as const)} blank={t('transfer.keep_legal_status')} /> : null}
          <Input form={form} name="/receiving_official" label={t('transfer.receiving_official')} value={official} required />
          <Input form={form} name="/occurred_at" type="datetime-local" label={t('transfer.occurred_at')} hint={t('transfer.occurred_at_hint')} dir="ltr" />
        </div>
        <div class="actions">
          <button type="submit">{t('transfer.check_in')}</button>
          <span class="htmx-indicator muted">{t('layout.loading')}</span>
        </div>
      </form>
      <BatchCheckIn view={view} detail={detail} form={props.batchForm} />
      <MemberTable view={view} detail={detail} members={shown} />
      <Pager view={view} page={props.page} hasNext={tr.members.length > props.page * membersPerPage} href={(p) => `/transfers/${tr.id}?page=${p}#checkin`} />
    </section>
  );
}

/** The list scanned at the gate, checked in at once: pasted, typed, or loaded from the scanner's file. */
function BatchCheckIn(props: { view: View; detail: Detail; form: FormState }): Html {
  const { view, detail, form } = props;
  const { t } = view;
  const tr = detail.transfer;
  const toFacility = tr.destination.kind === 'facility';
  const unitOptions = detail.destinationUnits.map((u) => [u.id, `${u.name} (${t.of('category', u.category)})`] as const);
  const failed = form.errors.size > 0 || form.general.length > 0;
  return (
    <details class="batch" id="arrivals" open={failed ? true : undefined}>
      <summary>{t('transfer.batch_heading')}</summary>
      <form method="post" action={`/transfers/${tr.id}/arrivals`} class="stack" novalidate>
        <FormKeys view={view} formKey={formKey()} />
        <ErrorSummary view={view} form={form} />
        <TextArea form={form} name="/register_numbers" label={t('transfer.batch_label')} hint={t('transfer.batch_hint')} rows={6} required />
        <div class="field file-fill" hidden>
          <label for="arrivals-file">{t('transfer.batch_file')}</label>
          <input type="file" id="arrivals-file" accept=".txt,.csv,text/plain,text/csv" data-fill="f-register_numbers" />
        </div>
        {toFacility ? (
          <fieldset>
            <legend>{t('transfer.batch_units')}</legend>
            <p class="hint">{t('transfer.batch_units_hint')}</p>
            <div class="grid-2">
              <Select form={form} name="/unit_id" label={t('transfer.batch_unit_all')} options={unitOptions} blank={t('transfer.batch_unit_by_category')} />
              {detail.categories.map((c) => (
                <Select form={form} name={`/units/${c}`} label={t.of('category', c)} options={unitOptions} blank={t('form.choose')} />
              ))}
            </div>
            <Select form={form} name="/legal_status" label={t('transfer.legal_status_if_none')} options={legalStatuses.map((s) => [s, t.of('legal_status', s)] as const)} blank={t('transfer.keep_legal_status')} />
          </fieldset>
        ) : (
          <Input form={form} name="/receipt_reference" label={t('transfer.receipt_reference')} />
        )}
        <div class="grid-2">
          <Input form={form} name="/receiving_official" label={t('transfer.receiving_official')} value={view.account?.display_name ?? ''} required />
          <Input form={form} name="/occurred_at" type="datetime-local" label={t('transfer.occurred_at')} hint={t('transfer.occurred_at_hint')} dir="ltr" />
        </div>
        <div class="actions">
          <button type="submit">{t('transfer.check_in_batch')}</button>
        </div>
      </form>
    </details>
  );
}

function MemberTable(props: { view: View; detail: Detail; members: readonly Member[] }): Html {
  const { t } = props.view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('person.register_number')}</th>
            <th scope="col">{t('person.names')}</th>
            <th scope="col">{t('transfer.person_status')}</th>
          </tr>
        </thead>
        <tbody>
          {props.members.map((m) => (
            <tr class={m.status === 'unaccounted' || m.status === 'discrepancy' ? 'row-bad' : undefined}>
              <td>
                <a href={`/persons/${m.person_id}`}>
                  <RegNo value={m.register_number} />
                </a>
              </td>
              <td>
                <MemberName view={props.view} summary={props.detail.summaries.get(m.person_id)} />
              </td>
              <td>
                <Badge tone={statusTone[m.status]}>{t.of('transfer_person_status', m.status)}</Badge>
                {m.incident_id ? <span class="muted"> {t('transfer.incident_open')}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Notice(props: { view: View; notice: { key: string; number?: string } }): Html {
  const { t } = props.view;
  const bad = ['discrepancy', 'not_on_transfer', 'not_a_number'].includes(props.notice.key);
  return (
    <p class={`banner ${bad ? 'bad' : 'ok'}`} role="status">
      {t.of('transfer_notice', props.notice.key, { number: props.notice.number ?? '' })}
    </p>
  );
}

function DetailPage(props: { view: View; detail: Detail; forms: Partial<Record<Action, FormState>>; notice?: { key: string; number?: string }; batchDone?: number; page: number }): Html {
  const { view, detail } = props;
  const { t, can } = view;
  const tr = detail.transfer;
  const form = (a: Action) => props.forms[a] ?? emptyForm;
  const issues = tr.members.filter((m) => m.status === 'discrepancy' || m.status === 'unaccounted');
  const mayClose = (tr.status === 'received' || tr.status === 'rejected') && !tr.members.some((m) => ['in_transit', 'discrepancy', 'unaccounted'].includes(m.status));
  const present = tr.members.filter((m) => m.status === 'in_transit' || m.status === 'discrepancy');
  const mayRefuse = (tr.status === 'dispatched' || tr.status === 'received') && tr.origin.kind === 'facility' && present.length > 0 && can('transfer.receive');
  return (
    <>
      {props.notice && tr.status !== 'dispatched' ? <Notice view={view} notice={props.notice} /> : null}
      {props.batchDone !== undefined ? (
        <p class="banner ok" role="status">
          {t('transfer.batch_done', { count: props.batchDone })}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t('transfer.status')}</dt>
        <dd>
          <Badge tone={statusTone[tr.status]}>{t.of('transfer_status', tr.status)}</Badge>
        </dd>
        <dt>{t('transfer.from')}</dt>
        <dd>
          <Endpoint endpoint={tr.origin} facilityNames={detail.places} />
        </dd>
        <dt>{t('transfer.to')}</dt>
        <dd>
          <Endpoint endpoint={tr.destination} facilityNames={detail.places} />
        </dd>
        <dt>{t('transfer.reason')}</dt>
        <dd>
          <bdi>{tr.reason}</bdi>
        </dd>
        <dt>{t('transfer.persons')}</dt>
        <dd>{t('transfer.persons_count', { count: tr.persons })}</dd>
        <dt>{t('transfer.created')}</dt>
        <dd>
          <bdi dir="ltr">{tr.created_by}</bdi> · {t.dateTime(tr.created_at)}
        </dd>
        {tr.approved_by ? (
          <>
            <dt>{t('transfer.approved_by')}</dt>
            <dd>
              <bdi dir="ltr">{tr.approved_by}</bdi>
            </dd>
          </>
        ) : null}
        {tr.escort ? (
          <>
            <dt>{t('transfer.escort')}</dt>
            <dd>
              <bdi>{tr.escort.authority}</bdi> · <bdi>{tr.escort.commander}</bdi> · {tr.dispatched_at ? t.dateTime(tr.dispatched_at) : ''}
            </dd>
          </>
        ) : null}
        {tr.cancellation ? (
          <>
            <dt>{t('transfer.cancelled')}</dt>
            <dd>
              {t.of('cancellation', tr.cancellation.code)} · <bdi>{tr.cancellation.note}</bdi>
            </dd>
          </>
        ) : null}
        {tr.rejection ? (
          <>
            <dt>{t('transfer.rejected')}</dt>
            <dd>
              <bdi>{tr.rejection.reason}</bdi>
            </dd>
          </>
        ) : null}
      </dl>
      <div class="actions no-print">
        <a class="button secondary" href={`/print/transfers/${tr.id}/manifest`}>
          {t('transfer.print_manifest')}
        </a>
        {tr.status === 'received' || tr.status === 'closed' ? (
          <a class="button secondary" href={`/print/transfers/${tr.id}/receipt`}>
            {t('transfer.receipt')}
          </a>
        ) : null}
      </div>
      {tr.status === 'received' || tr.status === 'closed' ? <p class="hint no-print">{t('transfer.receipt_hint')}</p> : null}
      {issues.length ? (
        <section aria-labelledby="issues-heading">
          <h2 id="issues-heading">{t('transfer.discrepancies_heading', { count: issues.length })}</h2>
          <p class="banner bad" role="alert">
            {t('transfer.discrepancies_intro')}
          </p>
          <MemberTable view={view} detail={detail} members={issues} />
        </section>
      ) : null}
      {tr.status === 'dispatched' && can('transfer.receive') ? <CheckIn view={view} detail={detail} form={form('checkin')} batchForm={form('arrivals')} notice={props.notice} page={props.page} /> : null}
      <div class="cards">
        {tr.status === 'draft' && can('transfer.approve') ? (
          <ActionForm view={view} id={tr.id} action="approve" title={t('transfer.approve_heading')} form={form('approve')} submit={t('transfer.approve')}>
            <p>{t('transfer.approve_intro')}</p>
          </ActionForm>
        ) : null}
        {tr.status === 'approved' && can('transfer.dispatch') ? (
          <ActionForm view={view} id={tr.id} action="dispatch" title={t('transfer.dispatch_heading')} form={form('dispatch')} submit={t('transfer.dispatch')}>
            <p>{t('transfer.dispatch_intro', { count: tr.persons })}</p>
            <Input form={form('dispatch')} name="/escort_authority" label={t('transfer.escort_authority')} required />
            <Input form={form('dispatch')} name="/escort_commander" label={t('transfer.escort_commander')} required />
            <Input form={form('dispatch')} name="/releasing_official" label={t('transfer.releasing_official')} value={view.account?.display_name ?? ''} required />
            <Input form={form('dispatch')} name="/occurred_at" type="datetime-local" label={t('transfer.occurred_at')} hint={t('transfer.occurred_at_hint')} dir="ltr" />
          </ActionForm>
        ) : null}
        {(tr.status === 'draft' || tr.status === 'approved') && can('transfer.manage') ? (
          <ActionForm view={view} id={tr.id} action="cancel" title={t('transfer.cancel_heading')} form={form('cancel')} submit={t('transfer.cancel')} danger>
            <Select form={form('cancel')} name="/code" label={t('transfer.cancel_code')} options={cancellationCodes.map((c) => [c, t.of('cancellation', c)] as const)} />
            <Input form={form('cancel')} name="/note" label={t('transfer.cancel_note')} required />
          </ActionForm>
        ) : null}
        {tr.status === 'dispatched' && can('transfer.receive') ? (
          <ActionForm view={view} id={tr.id} action="count" title={t('transfer.count_heading')} form={form('count')} submit={t('transfer.close_count')} danger>
            <p>{t('transfer.count_intro', { count: tr.members.filter((m) => m.status === 'in_transit').length })}</p>
            <Input form={form('count')} name="/receiving_official" label={t('transfer.receiving_official')} value={view.account?.display_name ?? ''} required />
            <Input form={form('count')} name="/incident_owner" label={t('transfer.incident_owner')} hint={t('transfer.incident_owner_hint')} />
            <Input form={form('count')} name="/occurred_at" type="datetime-local" label={t('transfer.occurred_at')} hint={t('transfer.occurred_at_hint')} dir="ltr" />
          </ActionForm>
        ) : null}
        {mayRefuse ? (
          <ActionForm view={view} id={tr.id} action="refuse" title={t('transfer.refuse_heading')} form={form('refuse')} submit={t('transfer.refuse')} danger>
            <p>{t('transfer.refuse_intro')}</p>
            <Input form={form('refuse')} name="/register_number" label={t('transfer.scan_label')} dir="ltr" required />
            <Input form={form('refuse')} name="/reason" label={t('transfer.refuse_reason')} required />
            <Input form={form('refuse')} name="/receiving_official" label={t('transfer.receiving_official')} value={view.account?.display_name ?? ''} required />
            <Input form={form('refuse')} name="/occurred_at" type="datetime-local" label={t('transfer.occurred_at')} hint={t('transfer.occurred_at_hint')} dir="ltr" />
          </ActionForm>
        ) : null}
        {tr.status === 'dispatched' && can('transfer.receive') && tr.origin.kind === 'facility' && !tr.members.some((m) => m.status === 'received') ? (
          <ActionForm view={view} id={tr.id} action="reject" title={t('transfer.reject_heading')} form={form('reject')} submit={t('transfer.reject')} danger>
            <Input form={form('reject')} name="/reason" label={t('transfer.reject_reason')} required />
            <Input form={form('reject')} name="/receiving_official" label={t('transfer.receiving_official')} value={view.account?.display_name ?? ''} required />
            <Input form={form('reject')} name="/occurred_at" type="datetime-local" label={t('transfer.occurred_at')} hint={t('transfer.occurred_at_hint')} dir="ltr" />
          </ActionForm>
        ) : null}
        {mayClose && can('transfer.receive') ? (
          <ActionForm view={view} id={tr.id} action="close" title={t('transfer.close_heading')} form={form('close')} submit={t('transfer.close')}>
            <p>{t('transfer.close_intro')}</p>
          </ActionForm>
        ) : null}
      </div>
      {tr.status === 'dispatched' && can('transfer.receive') ? null : (
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">{tr.status === 'approved' ? t('transfer.checkout_heading') : t('transfer.members_heading')}</h2>
          <MemberTable view={view} detail={detail} members={tr.members.slice((props.page - 1) * membersPerPage, props.page * membersPerPage)} />
          <Pager view={view} page={props.page} hasNext={tr.members.length > props.page * membersPerPage} href={(p) => `/transfers/${tr.id}?page=${p}#members-heading`} />
        </section>
      )}
    </>
  );
}

export function transferPages(web: Web): void {
  const { db } = web.ctx;
  type Req = Parameters<Parameters<Web['post']>[2]>[0];

  async function loadDetail(request: Req, id: string, pageNo: number): Promise<Detail | null> {
    if (!isUuid(id)) return null;
    const answer = await callApi<TransferView>(web.server, request, 'GET', `/api/transfers/${id}`);
    if (!answer.ok) {
      if (answer.problem.code === 'not_found') return null;
      throw new Error(`reading a transfer failed: ${answer.problem.code}`);
    }
    const transfer = answer.body;
    const all = await facilities(db);
    const destination = all.find((f) => f.id === transfer.destination.facility_id);
    // Names of the persons on this page of the list (the API's read has audited them).
    const onPage = transfer.members.slice((pageNo - 1) * membersPerPage, pageNo * membersPerPage).map((m) => m.person_id);
    const issues = transfer.members.filter((m) => m.status === 'discrepancy' || m.status === 'unaccounted').map((m) => m.person_id);
    const summaries = new Map((await personSummaries(db, [...new Set([...onPage, ...issues])])).map((s) => [s.id, s]));
    const categories = transfer.status === 'dispatched' ? await categoriesInTransit(db, transfer.id) : [];
    return { transfer, places: new Map(all.map((f) => [f.id, f.name])), destinationUnits: destination?.units ?? [], summaries, categories };
  }

  const notFound = (view: View, reply: Parameters<Parameters<Web['get']>[2]>[1]) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));

  function detailPage(view: View, detail: Detail, forms: Partial<Record<Action, FormState>>, notice: { key: string; number?: string } | undefined, pageNo: number, batchDone?: number): string {
    return page({ view, title: view.t('transfer.title'), nav: '/transfers', children: <DetailPage view={view} detail={detail} forms={forms} notice={notice} batchDone={batchDone} page={pageNo} /> });
  }

  web.get<{ status?: string; page?: string }>('/transfers', 'transfer.read', async (request, _reply, view) => {
    const { t } = view;
    const status = (transferStatuses as readonly string[]).includes(request.query.status ?? '') ? request.query.status! : '';
    const answer = await callApi<{ transfers: TransferView[]; truncated: boolean }>(web.server, request, 'GET', `/api/transfers${status ? `?status=${status}` : ''}`);
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

  web.get('/transfers/new', 'transfer.manage', async (_request, _reply, view) =>
    page({ view, title: view.t('transfer.new'), nav: '/transfers', children: <CreateForm view={view} form={emptyForm} fkey={formKey()} all={await facilities(db)} /> }),
  );

  web.post('/transfers/new', 'transfer.manage', async (request, reply, view) => {
    const { t } = view;
    const values = postedValues(request.body);
    const key = values._key || formKey();
    const all = await facilities(db);
    const again = (form: FormState) =>
      reply.code(422).type('text/html; charset=utf-8').send(page({ view, title: t('transfer.new'), nav: '/transfers', children: <CreateForm view={view} form={form} fkey={key} all={all} /> }));
    // Register numbers as typed or scanned, one a line: each must be a person on the register.
    const typed = (values['/persons'] ?? '').split(/[\r\n,;]+/).map((s) => s.trim()).filter(Boolean);
    const ids: string[] = [];
    const unknown: string[] = [];
    for (const number of typed) {
      const parsed = parseRegisterNumber(number);
      const found = parsed ? await findPersons(db, { registerNumber: parsed }, 1) : [];
      if (found[0]) ids.push(found[0]);
      else unknown.push(number);
    }
    await shownPersonal(db, { accountId: view.account!.id, purpose: 'transfer order drawn up', now: web.ctx.clock() }, ids);
    if (unknown.length) return again({ values, errors: new Map([['/persons', t('transfer.unknown_numbers', { numbers: unknown.join(', ') })]]), general: [t('form.check_marked')] });
    const destination =
      values['/destination/kind'] === 'authority'
        ? { kind: 'authority', name: (values['/destination/name'] ?? '').trim(), country: (values['/destination/country'] ?? '').trim().toUpperCase() }
        : { kind: 'facility', facility_id: values['/destination/facility_id'] ?? '' };
    const body = { origin: { kind: 'facility', facility_id: values['/origin/facility_id'] ?? '' }, destination, reason: (values['/reason'] ?? '').trim(), persons: ids };
    const answer = await callApi<{ transfer_id: string }>(web.server, request, 'POST', '/api/transfers', body, key);
    if (!answer.ok) return again(withProblem(t, values, answer.problem, createControls));
    return reply.redirect(`/transfers/${answer.body.transfer_id}?notice=created`, 303);
  });

  web.get<{ page?: string; notice?: string; n?: string; received?: string }, { id: string }>('/transfers/:id', 'transfer.read', async (request, reply, view) => {
    const pageNo = pageParam(request.query.page);
    const detail = await loadDetail(request as never, request.params.id, pageNo);
    if (!detail) return notFound(view, reply);
    const key = request.query.notice;
    const notice = key && notices.has(key) ? { key, number: parseRegisterNumber(request.query.n ?? '') ?? undefined } : undefined;
    const received = key === 'arrivals' && /^\d{1,5}$/.test(request.query.received ?? '') ? Number(request.query.received) : undefined;
    return detailPage(view, detail, {}, notice, pageNo, received);
  });

  /** An action on a transfer: its API request, and the page again with the outcome. */
  function action(name: Action, permission: 'transfer.approve' | 'transfer.manage' | 'transfer.dispatch' | 'transfer.receive', apiPath: string, controls: readonly string[], body: (v: Record<string, string>, detail: Detail) => Record<string, unknown>, done: string) {
    web.post<Record<string, string>, { id: string }>(`/transfers/:id/${name}`, permission, async (request, reply, view) => {
      const detail = await loadDetail(request as never, request.params.id, 1);
      if (!detail) return notFound(view, reply);
      const values = postedValues(request.body);
      const answer = await callApi(web.server, request, 'POST', `/api/transfers/${detail.transfer.id}/${apiPath}`, body(values, detail), values._key);
      if (answer.ok) return reply.redirect(`/transfers/${detail.transfer.id}?notice=${done}`, 303);
      return reply.code(422).type('text/html; charset=utf-8').send(detailPage(view, detail, { [name]: withProblem(view.t, values, answer.problem, controls) }, undefined, 1));
    });
  }

  const at = (v: Record<string, string>) => instantFromLocal(v['/occurred_at'] || localNow(web.ctx.clock()));
  const trimmed = (v: Record<string, string>, name: string) => (v[name] ?? '').trim();

  action('approve', 'transfer.approve', 'approval', [], () => ({}), 'approved');
  action('cancel', 'transfer.manage', 'cancellation', ['/code', '/note'], (v) => ({ code: v['/code'], note: trimmed(v, '/note') }), 'cancelled');
  action('dispatch', 'transfer.dispatch', 'dispatch', ['/escort_authority', '/escort_commander', '/releasing_official', '/occurred_at'], (v) => ({
    escort_authority: trimmed(v, '/escort_authority'),
    escort_commander: trimmed(v, '/escort_commander'),
    releasing_official: trimmed(v, '/releasing_official'),
    occurred_at: at(v),
  }), 'dispatched');
  action('count', 'transfer.receive', 'count', ['/receiving_official', '/incident_owner', '/occurred_at'], (v) => ({
    receiving_official: trimmed(v, '/receiving_official'),
    occurred_at: at(v),
    ...(trimmed(v, '/incident_owner') ? { incident_owner: trimmed(v, '/incident_owner') } : {}),
  }), 'count_closed');
  action('reject', 'transfer.receive', 'rejection', ['/reason', '/receiving_official', '/occurred_at'], (v) => ({ reason: trimmed(v, '/reason'), receiving_official: trimmed(v, '/receiving_official'), occurred_at: at(v) }), 'rejected');
  action('close', 'transfer.receive', 'closure', [], () => ({}), 'closed');

  // Check-in: the number scanned or typed picks the person on the order; the API confirms it.
  web.post<Record<string, string>, { id: string }>('/transfers/:id/checkin', 'transfer.receive', async (request, reply, view) => {
    const { t } = view;
    const id = request.params.id;
    const values = postedValues(request.body);
    const typed = trimmed(values, '/register_number');
    const parsed = parseRegisterNumber(typed);
    let detail = await loadDetail(request as never, id, 1);
    if (!detail) return notFound(view, reply);
    const member = parsed ? detail.transfer.members.find((m) => m.register_number === parsed) : undefined;
    let notice: { key: string; number?: string } | undefined;
    let form: FormState = { values, errors: new Map(), general: [] };
    if (!parsed) notice = { key: 'not_a_number' };
    else if (!member) notice = { key: 'not_on_transfer', number: parsed };
    else {
      const body: Record<string, unknown> = { person_id: member.person_id, register_number: typed, receiving_official: trimmed(values, '/receiving_official'), occurred_at: at(values) };
      if (detail.transfer.destination.kind === 'facility') body.unit_id = values['/unit_id'] ?? '';
      else body.receipt_reference = trimmed(values, '/receipt_reference');
      if (values['/legal_status']) body.legal_status = values['/legal_status'];
      const answer = await callApi<{ outcome: string }>(web.server, request, 'POST', `/api/transfers/${id}/check-ins`, body, values._key);
      if (answer.ok) {
        notice = { key: answer.body.outcome, number: parsed };
        if (!view.htmx) return reply.redirect(`/transfers/${id}?notice=${answer.body.outcome}&n=${encodeURIComponent(parsed)}#checkin`, 303);
        detail = (await loadDetail(request as never, id, 1))!;
      } else {
        const problem: Problem = answer.problem;
        form = withProblem(t, values, problem, ['/register_number', '/unit_id', '/legal_status', '/receiving_official', '/occurred_at', '/receipt_reference'], { '/person_id': '/register_number' });
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
  web.post<Record<string, string>, { id: string }>('/transfers/:id/arrivals', 'transfer.receive', async (request, reply, view) => {
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
    const toFacility = tr.destination.kind === 'facility';
    const order = [...scanned.entries()];
    const arrivals = order.map(([number, asScanned]) => {
      const m = members.get(number)!;
      const arrival: Record<string, unknown> = { person_id: m.person_id, register_number: asScanned };
      if (toFacility) {
        const unit = (m.category ? values[`/units/${m.category}`] : '') || values['/unit_id'];
        if (unit) arrival.unit_id = unit;
        if (values['/legal_status']) arrival.legal_status = values['/legal_status'];
      } else arrival.receipt_reference = trimmed(values, '/receipt_reference');
      return arrival;
    });
    const body = { receiving_official: trimmed(values, '/receiving_official'), occurred_at: at(values), arrivals };
    const answer = await callApi<{ received: number; discrepancies: number; handed_over: number }>(web.server, request, 'POST', `/api/transfers/${tr.id}/arrivals`, body, values._key);
    if (answer.ok) return reply.redirect(`/transfers/${tr.id}?notice=arrivals&received=${answer.body.received + answer.body.handed_over}`, 303);
    // A refusal about one arrival names its register number, at the list (or at the unit it concerns).
    const one = answer.problem.field?.match(/^(?:\/body)?\/arrivals\/(\d+)(\/[a-z_]+)?/);
    if (one) {
      const [number] = order[Number(one[1])] ?? [''];
      const m = members.get(number);
      const control = one[2] === '/unit_id' ? (m?.category && values[`/units/${m.category}`] !== undefined ? `/units/${m.category}` : '/unit_id') : one[2] === '/legal_status' ? '/legal_status' : one[2] === '/receipt_reference' ? '/receipt_reference' : '/register_numbers';
      return again(marked(control, t('transfer.batch_refused', { number, why: problemMessage(t, answer.problem) })));
    }
    return again(withProblem(t, values, answer.problem, ['/register_numbers', '/unit_id', '/receiving_official', '/occurred_at', '/receipt_reference'], { '/body/receiving_official': '/receiving_official', '/body/occurred_at': '/occurred_at', '/arrivals': '/register_numbers', '/body/arrivals': '/register_numbers' }));
  });

  // Refusing one person at arrival: they go back to the unit they left; the others are untouched.
  web.post<Record<string, string>, { id: string }>('/transfers/:id/refuse', 'transfer.receive', async (request, reply, view) => {
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
    const body = { person_id: member.person_id, reason: trimmed(values, '/reason'), receiving_official: trimmed(values, '/receiving_official'), occurred_at: at(values) };
    const answer = await callApi(web.server, request, 'POST', `/api/transfers/${tr.id}/refusals`, body, values._key);
    if (answer.ok) return reply.redirect(`/transfers/${tr.id}?notice=refused&n=${encodeURIComponent(parsed)}`, 303);
    return again(withProblem(t, values, answer.problem, ['/register_number', '/reason', '/receiving_official', '/occurred_at'], { '/person_id': '/register_number', '/body/reason': '/reason', '/body/receiving_official': '/receiving_official', '/body/occurred_at': '/occurred_at' }));
  });

  // Issuing the handover receipt (once both sides have confirmed); then its print view.
  web.post<Record<string, string>, { id: string }>('/transfers/:id/receipt', 'transfer.receive', async (request, reply, view) => {
    const values = postedValues(request.body);
    const detail = await loadDetail(request as never, request.params.id, 1);
    if (!detail) return notFound(view, reply);
    const answer = await callApi(web.server, request, 'POST', `/api/transfers/${detail.transfer.id}/receipt`, {}, values._key);
    // Issued now, or already (by another official, or this form sent twice): either way it is there to print.
    if (answer.ok || answer.problem.code === 'duplicate') return reply.redirect(`/print/transfers/${detail.transfer.id}/receipt${answer.ok ? '?notice=issued' : ''}`, 303);
    const { t } = view;
    return reply.code(422).type('text/html; charset=utf-8').send(messagePage(view, t('receipt.title'), problemMessage(t, answer.problem), t('receipt.issued_after_count')));
  });
}
