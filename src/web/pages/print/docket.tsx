/** A court's list for a day, to print: for each facility, whom it must produce, when, for which case. */
import { h, Fragment, type Html } from '../../jsx.ts';
import type { View } from '../../view.ts';
import { docketHref } from '../cases/case-page.tsx';
import { DocketByFacility } from '../cases/docket.tsx';
import type { Docket } from '../cases/views.ts';
import { DocHead, Toolbar } from './document.tsx';

export function PrintedDocket(props: { view: View; docket: Docket }): Html {
  const { view, docket } = props;
  const { t } = view;
  return (
    <>
      <Toolbar view={view} base={`/print${docketHref(docket.court, docket.date)}`} />
      <DocHead view={view} title={t('docket.subtitle', { court: docket.court, date: t.date(docket.date) })} />
      <p>{t('docket.total', { count: docket.entries.length })}</p>
      <DocketByFacility view={view} entries={docket.entries} />
      <div class="doc-foot">
        <div class="signature">{t('docket.clerk_signature')}</div>
        <div class="signature">{t('docket.received_signature')}</div>
      </div>
    </>
  );
}
