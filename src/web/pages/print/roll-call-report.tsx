/** The daily roll-call report, to print and sign. */
import { h, Fragment, type Html } from '../../jsx.ts';
import type { RollCallReport } from '../../../queries/roll-call-report.ts';
import type { View } from '../../view.ts';
import { NotSeenSection, ReportBody } from '../roll-calls/report.tsx';
import { DocHead, Toolbar } from './document.tsx';

/** `query` is the report's query string, kept by the toolbar's links. */
export function PrintedReport(props: { view: View; report: RollCallReport; query: string }): Html {
  const { view, report, query } = props;
  const { t } = view;
  return (
    <>
      <Toolbar view={view} base={`/print/roll-calls/report?${query}`} />
      <DocHead view={view} title={t('rollcall.report_subtitle', { facility: report.facility.name, date: t.date(report.date) })} />
      <ReportBody view={view} report={report} links={false} />
      <div class="doc-foot">
        <div class="signature">{t('rollcall.report_checked_by')}</div>
        <div class="signature">{t('rollcall.report_supervisor')}</div>
      </div>
    </>
  );
}

/** Everyone not seen for N days at a facility, the whole list, to print and check off. `query` as for the report. */
export function PrintedNotSeen(props: { view: View; report: RollCallReport; query: string }): Html {
  const { view, report, query } = props;
  const { t } = view;
  return (
    <>
      <Toolbar view={view} base={`/print/roll-calls/not-seen?${query}`} />
      <DocHead view={view} title={t('lists.not_seen_subtitle', { facility: report.facility.name, date: t.date(report.date) })} />
      <NotSeenSection view={view} notSeen={report.not_seen} links={false} />
      <div class="doc-foot">
        <div class="signature">{t('rollcall.report_checked_by')}</div>
        <div class="signature">{t('rollcall.report_supervisor')}</div>
      </div>
    </>
  );
}
