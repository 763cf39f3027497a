/** One transfer's page: its facts, its persons, and the forms of the actions open to the reader. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, Endpoint, ErrorSummary, FormKeys, Input, Pager, Select, statusTone } from '../../components.tsx';
import { emptyForm, formKey, type FormState } from '../../forms.ts';
import { cancellationCodes } from '../../../domain/transfer.ts';
import type { View } from '../../view.ts';
import { CheckIn } from './check-in.tsx';
import { MemberTable } from './members.tsx';
import { Notice } from './notice.tsx';
import { membersPerPage, type Action, type Detail, type TransferNotice } from './views.ts';

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
export function DetailPage(props: { view: View; detail: Detail; forms: Partial<Record<Action, FormState>>; notice?: TransferNotice; batchDone?: number; page: number }): Html {
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
          <Endpoint t={t} endpoint={tr.origin} facilityNames={detail.places} />
        </dd>
        <dt>{t('transfer.to')}</dt>
        <dd>
          <Endpoint t={t} endpoint={tr.destination} facilityNames={detail.places} />
        </dd>
        <dt>{t('transfer.reason')}</dt>
        <dd>
          <bdi>{tr.reason}</bdi>
        </dd>
        {tr.production ? (
          <>
            <dt>{t('transfer.production')}</dt>
            <dd>
              <bdi>{tr.production.court}</bdi> · <a href={`/cases/${tr.production.case_id}`}>{t('transfer.production_case')}</a>
              <div>{t('transfer.production_due', { at: t.dateTime(tr.production.produce_at), back: t.dateTime(tr.production.return_by) })}</div>
            </dd>
          </>
        ) : null}
        <dt>{t('transfer.persons')}</dt>
        <dd>{t('transfer.persons_count', { count: tr.persons })}</dd>
        <dt>{t('transfer.created')}</dt>
        <dd>
          <bdi>{view.official(tr.created_by)}</bdi> · {t.dateTime(tr.created_at)}
        </dd>
        {tr.approved_by ? (
          <>
            <dt>{t('transfer.approved_by')}</dt>
            <dd>
              <bdi>{view.official(tr.approved_by)}</bdi>
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
