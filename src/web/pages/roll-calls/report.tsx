/** The daily roll-call report's sections, shared by the report page and its print view. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, Pager, RegNo } from '../../components.tsx';
import type { RollCallReport, RollCallView } from '../../../queries/roll-call-report.ts';
import type { View } from '../../view.ts';
import { DiscrepancyTable } from './discrepancies.tsx';

export const rollCallTone: Readonly<Record<string, 'ok' | 'warn' | 'bad' | 'info'>> = { open: 'info', counting: 'warn', reconciled: 'warn', signed_off: 'ok' };
/** The roll calls of a report, one a row. */
export function RollCallRows(props: { view: View; rollCalls: readonly RollCallView[]; links: boolean }): Html {
  const { t } = props.view;
  if (!props.rollCalls.length) return <p class="muted">{t('rollcall.none_today')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('rollcall.place')}</th>
            <th scope="col">{t('rollcall.status')}</th>
            <th scope="col">{t('rollcall.opened')}</th>
            <th scope="col" class="num">{t('rollcall.expected')}</th>
            <th scope="col" class="num">{t('rollcall.counted')}</th>
            <th scope="col" class="num">{t('rollcall.discrepancies')}</th>
            <th scope="col">{t('rollcall.signed_off_by')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rollCalls.map((rc) => (
            <tr class={rc.unresolved ? 'row-bad' : undefined}>
              <td>{props.links ? <a href={`/roll-calls/${rc.id}`}>{rc.unit_name ? <bdi>{rc.unit_name}</bdi> : t('rollcall.whole_facility')}</a> : rc.unit_name ? <bdi>{rc.unit_name}</bdi> : t('rollcall.whole_facility')}</td>
              <td>
                <Badge tone={rollCallTone[rc.status]}>{t.of('rollcall_status', rc.status)}</Badge>
              </td>
              <td>
                {t.dateTime(rc.opened_at)} · <bdi>{props.view.official(rc.opened_by)}</bdi>
              </td>
              <td class="num">{t.number(rc.expected)}</td>
              <td class="num">{t.number(rc.counted)}</td>
              <td class="num">{t('rollcall.discrepancy_figures', { all: rc.discrepancies.length, open: rc.unresolved })}</td>
              <td>{rc.signed_off_by ? <><bdi>{props.view.official(rc.signed_off_by)}</bdi> · {t.dateTime(rc.signed_off_at!)}</> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The report's sections: the register's roll, the day's roll calls, and who has not been seen. Shared with the printed report. */
export function ReportBody(props: { view: View; report: RollCallReport; links: boolean; paging?: NotSeenPaging }): Html {
  const { view, report } = props;
  const { t } = view;
  return (
    <>
      <section aria-labelledby="roll-heading">
        <h2 id="roll-heading">{t('rollcall.register_roll')}</h2>
        <p>{t('rollcall.register_roll_total', { count: report.register_roll.in_custody })}</p>
        <div class="table-wrap">
          <table class="compact">
            <thead>
              <tr>
                <th scope="col">{t('rollcall.unit')}</th>
                <th scope="col" class="num">{t('rollcall.in_custody')}</th>
              </tr>
            </thead>
            <tbody>
              {report.register_roll.by_unit.map((u) => (
                <tr>
                  <td>
                    <bdi>{u.unit_name}</bdi>
                  </td>
                  <td class="num">{t.number(u.in_custody)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="calls-heading">
        <h2 id="calls-heading">{t('rollcall.calls_of_day', { date: t.date(report.date) })}</h2>
        <RollCallRows view={view} rollCalls={report.roll_calls} links={props.links} />
        {report.roll_calls
          .filter((rc) => rc.discrepancies.length)
          .map((rc) => (
            <>
              <h3>
                {rc.unit_name ? <bdi>{rc.unit_name}</bdi> : t('rollcall.whole_facility')} · {t.dateTime(rc.opened_at)}
              </h3>
              <DiscrepancyTable view={view} rollCall={rc} discrepancies={rc.discrepancies} forms={new Map()} mayResolve={false} />
            </>
          ))}
      </section>
      <NotSeenSection view={view} notSeen={report.not_seen} links={props.links} paging={props.paging} />
    </>
  );
}

/** How the not-seen list of a page is paged: which page, where each page is, and where the whole list prints. */
export interface NotSeenPaging {
  readonly page: number;
  readonly pageSize: number;
  readonly href: (page: number) => string;
  readonly printAll: string;
}

/**
 * Everyone in custody not seen for N days: the count, and the persons listed — one page of
 * them with the range shown and links to the other pages and to the whole list to print, or
 * (printed) all of them.
 */
export function NotSeenSection(props: { view: View; notSeen: RollCallReport['not_seen']; links: boolean; paging?: NotSeenPaging }): Html {
  const { view, notSeen, paging } = props;
  const { t } = view;
  const shown = notSeen.persons;
  const lastPage = paging ? Math.max(1, Math.ceil(notSeen.count / paging.pageSize)) : 1;
  return (
    <section aria-labelledby="not-seen-heading" id="not-seen">
      <h2 id="not-seen-heading">{t('rollcall.not_seen_heading', { days: notSeen.days, count: notSeen.count })}</h2>
      <p class="hint">{t('rollcall.not_seen_intro', { since: t.dateTime(notSeen.since) })}</p>
      {paging && shown.length ? (
        <p class="search-count">
          {t('search.range', { from: notSeen.offset + 1, to: notSeen.offset + shown.length, total: notSeen.count })}{' '}
          <a class="no-print" href={paging.printAll}>
            {t('lists.print_all', { count: notSeen.count })}
          </a>
        </p>
      ) : null}
      {paging && notSeen.count > 0 && !shown.length ? (
        <p class="banner warn">
          {t('lists.past_end', { page: paging.page, pages: lastPage, count: notSeen.count })} <a href={paging.href(lastPage)}>{t('search.last_page', { page: lastPage })}</a>
        </p>
      ) : null}
      {shown.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('person.register_number')}</th>
                <th scope="col">{t('rollcall.unit')}</th>
                <th scope="col">{t('rollcall.last_seen')}</th>
                <th scope="col">{t('rollcall.seen_by')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <tr>
                  <td>{props.links ? <a href={`/persons/${p.person_id}`}><RegNo value={p.register_number} /></a> : <RegNo value={p.register_number} />}</td>
                  <td>
                    <bdi>{p.unit_name}</bdi>
                  </td>
                  <td>{t.dateTime(p.last_seen_at)}</td>
                  <td>{t.of('seen_by', p.last_seen_by)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : notSeen.count === 0 ? (
        <p class="muted">{t('rollcall.everyone_seen')}</p>
      ) : null}
      {paging && shown.length ? <Pager view={view} page={paging.page} hasNext={notSeen.truncated} href={paging.href} /> : null}
      {!paging && notSeen.truncated ? <p class="muted">{t('rollcall.not_seen_truncated', { shown: shown.length })}</p> : null}
    </section>
  );
}
