/** One roll call's page: its facts, counting, discrepancies and sign-off. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, ErrorSummary, FormKeys, Pager } from '../../components.tsx';
import { emptyForm, formKey } from '../../forms.ts';
import type { FacilityView } from '../../../api/read-models.ts';
import type { RollCallView } from '../../../queries/roll-call-report.ts';
import type { DiscrepancyKind } from '../../../domain/roll-call.ts';
import type { View } from '../../view.ts';
import { CountSection } from './count.tsx';
import { DiscrepancyTable } from './discrepancies.tsx';
import { rollCallTone } from './report.tsx';
import { discrepanciesPerPage, type Counted, type DiscrepancyPages, type RollCallForms } from './views.ts';

export function RollCallPage(props: { view: View; rollCall: RollCallView; facility: FacilityView | undefined; forms: RollCallForms; notice?: string; counted?: Counted; pages?: DiscrepancyPages }): Html {
  const { view, rollCall: rc, forms } = props;
  const pages = props.pages ?? { missing: 1, extra: 1 };
  const { t, can } = view;
  const missing = rc.discrepancies.filter((d) => d.kind === 'expected_not_counted');
  const extra = rc.discrepancies.filter((d) => d.kind === 'counted_not_expected');
  const notices: Record<string, string> = {
    opened: t('rollcall.notice_opened'),
    counted: t('rollcall.notice_counted'),
    reconciled: t('rollcall.notice_reconciled'),
    resolved: t('rollcall.notice_resolved'),
    signed_off: t('rollcall.notice_signed_off'),
  };
  const participants = [...new Set([rc.opened_by, ...rc.counted_by, ...(rc.reconciled_by ? [rc.reconciled_by] : [])])];
  return (
    <>
      {props.notice && notices[props.notice] ? (
        <p class="banner ok" role="status">
          {notices[props.notice]}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t('rollcall.facility')}</dt>
        <dd>
          <bdi>{props.facility?.name ?? rc.facility_id}</bdi>
        </dd>
        <dt>{t('rollcall.place')}</dt>
        <dd>{rc.unit_name ? <bdi>{rc.unit_name}</bdi> : t('rollcall.whole_facility')}</dd>
        <dt>{t('rollcall.status')}</dt>
        <dd>
          <Badge tone={rollCallTone[rc.status]}>{t.of('rollcall_status', rc.status)}</Badge>
        </dd>
        <dt>{t('rollcall.opened')}</dt>
        <dd>
          {t.dateTime(rc.opened_at)} · <bdi>{view.official(rc.opened_by)}</bdi>
        </dd>
        <dt>{t('rollcall.expected')}</dt>
        <dd>{t.number(rc.expected)}</dd>
        <dt>{t('rollcall.counted')}</dt>
        <dd>{t.number(rc.counted)}</dd>
        <dt>{t('rollcall.participants')}</dt>
        <dd>
          {participants.map((p, i) => (
            <>
              {i ? (t.dir === 'rtl' ? '، ' : ', ') : ''}
              <bdi>{view.official(p)}</bdi>
            </>
          ))}
        </dd>
        {rc.reconciled_at ? (
          <>
            <dt>{t('rollcall.reconciled')}</dt>
            <dd>
              {t.dateTime(rc.reconciled_at)} · <bdi>{view.official(rc.reconciled_by!)}</bdi>
            </dd>
          </>
        ) : null}
        {rc.signed_off_at ? (
          <>
            <dt>{t('rollcall.signed_off_by')}</dt>
            <dd>
              <bdi>{view.official(rc.signed_off_by!)}</bdi> · {t.dateTime(rc.signed_off_at)}
            </dd>
          </>
        ) : null}
      </dl>
      <p class="actions no-print">
        <a class="button secondary" href={`/roll-calls?facility_id=${rc.facility_id}`}>
          {t('rollcall.to_report')}
        </a>
      </p>
      {(rc.status === 'open' || rc.status === 'counting') && can('rollcall.run') ? (
        <CountSection view={view} rollCall={rc} form={forms.count ?? emptyForm} batchForm={forms.batch ?? emptyForm} counted={props.counted} reconcileForm={forms.reconcile ?? emptyForm} />
      ) : null}
      {rc.status === 'reconciled' || rc.status === 'signed_off' ? (
        <section id="discrepancies" aria-labelledby="discrepancies-heading">
          <h2 id="discrepancies-heading">{t('rollcall.discrepancies_heading', { count: rc.discrepancy_counts.expected_not_counted + rc.discrepancy_counts.counted_not_expected })}</h2>
          {rc.unresolved ? (
            <p class="banner bad" role="alert">
              {t('rollcall.unresolved', { count: rc.unresolved })}
            </p>
          ) : null}
          <DiscrepancyList view={view} rollCall={rc} kind="expected_not_counted" shown={missing} pages={pages} forms={forms} />
          <DiscrepancyList view={view} rollCall={rc} kind="counted_not_expected" shown={extra} pages={pages} forms={forms} />
        </section>
      ) : null}
      {rc.status === 'reconciled' && can('rollcall.sign_off') ? (
        <section class="card action" id="sign-off" aria-labelledby="sign-off-heading">
          <h2 id="sign-off-heading">{t('rollcall.sign_off_heading')}</h2>
          <form method="post" action={`/roll-calls/${rc.id}/sign-off`} class="stack" novalidate>
            <FormKeys view={view} formKey={formKey()} />
            <ErrorSummary view={view} form={forms.signOff ?? emptyForm} />
            <p>{t('rollcall.sign_off_intro')}</p>
            <div class="actions">
              <button type="submit">{t('rollcall.sign_off')}</button>
            </div>
          </form>
        </section>
      ) : null}
    </>
  );
}

/**
 * One kind of discrepancy of a roll call: how many, the page of them shown with its range,
 * links to the other pages (the other kind's page kept), or that a page is past the end.
 */
function DiscrepancyList(props: { view: View; rollCall: RollCallView; kind: DiscrepancyKind; shown: RollCallView['discrepancies']; pages: DiscrepancyPages; forms: RollCallForms }): Html {
  const { view, rollCall: rc, kind, shown, pages } = props;
  const { t, can } = view;
  const which = kind === 'expected_not_counted' ? 'missing' : 'extra';
  const heading = kind === 'expected_not_counted' ? 'missing-heading' : 'extra-heading';
  const total = rc.discrepancy_counts[kind];
  const offset = rc.discrepancy_offsets[kind];
  const current = pages[which];
  const lastPage = Math.max(1, Math.ceil(total / discrepanciesPerPage));
  const href = (p: number) => `/roll-calls/${rc.id}?${new URLSearchParams({ ...{ missing: String(pages.missing), extra: String(pages.extra) }, [which]: String(p) }).toString()}#${heading}`;
  return (
    <>
      <h3 id={heading}>{kind === 'expected_not_counted' ? t('rollcall.expected_not_counted_heading', { count: total }) : t('rollcall.counted_not_expected_heading', { count: total })}</h3>
      {total > discrepanciesPerPage && shown.length ? <p class="search-count">{t('search.range', { from: offset + 1, to: offset + shown.length, total })}</p> : null}
      {total > 0 && !shown.length ? (
        <p class="banner warn">
          {t('lists.past_end_discrepancies', { page: current, pages: lastPage, count: total })} <a href={href(lastPage)}>{t('search.last_page', { page: lastPage })}</a>
        </p>
      ) : null}
      {shown.length ? (
        <DiscrepancyTable view={view} rollCall={rc} discrepancies={shown} forms={props.forms.resolve ?? new Map()} mayResolve={rc.status === 'reconciled' && can('rollcall.run')} pages={pages} />
      ) : total === 0 ? (
        <p class="muted">{t('rollcall.none')}</p>
      ) : null}
      {shown.length ? <Pager view={view} page={current} hasNext={offset + shown.length < total} href={href} /> : null}
    </>
  );
}
