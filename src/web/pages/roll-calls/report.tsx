/** The daily roll-call report's sections, shared by the report page and its print view. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, RegNo } from '../../components.tsx';
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
export function ReportBody(props: { view: View; report: RollCallReport; links: boolean }): Html {
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
      <section aria-labelledby="not-seen-heading">
        <h2 id="not-seen-heading">{t('rollcall.not_seen_heading', { days: report.not_seen.days, count: report.not_seen.count })}</h2>
        <p class="hint">{t('rollcall.not_seen_intro', { since: t.dateTime(report.not_seen.since) })}</p>
        {report.not_seen.persons.length ? (
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
                {report.not_seen.persons.map((p) => (
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
        ) : (
          <p class="muted">{t('rollcall.everyone_seen')}</p>
        )}
        {report.not_seen.truncated ? <p class="muted">{t('rollcall.not_seen_truncated', { shown: report.not_seen.persons.length })}</p> : null}
      </section>
    </>
  );
}
