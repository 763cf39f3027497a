/** Requests and complaints in figures (MR10), on the independent authority's page: by subject, by where their answer stands, by month received. */
import { h, type Html } from '../../jsx.ts';
import { localeInfo } from '../../i18n.ts';
import type { View } from '../../view.ts';
import type { ComplaintFigures } from '../../../queries/complaint-figures.ts';

function CountTable(props: { view: View; caption: string; head: string; rows: readonly (readonly [string, number])[] }): Html {
  const { t } = props.view;
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <th scope="col" class="num">
              {t('complaints.figures_count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(([label, count]) => (
            <tr>
              <th scope="row">{label}</th>
              <td class="num">{t.number(count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ComplaintFiguresSection(props: { view: View; figures: ComplaintFigures }): Html {
  const { view, figures } = props;
  const { t } = view;
  const monthName = new Intl.DateTimeFormat(`${localeInfo[t.locale].intl}-u-ca-gregory`, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const month = (ym: string) => monthName.format(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)) - 1, 1));
  return (
    <section id="complaint-figures" aria-labelledby="complaint-figures-heading">
      <h2 id="complaint-figures-heading">{t('complaints.figures_heading')}</h2>
      <p class="hint">{t('complaints.figures_intro', { total: t.number(figures.total) })}</p>
      {figures.total ? (
        <div class="grid-3">
          <CountTable view={view} caption={t('complaints.by_standing')} head={t('complaints.standing')} rows={figures.by_standing.map((r) => [t.of('complaint_standing', r.standing), r.count] as const)} />
          <CountTable view={view} caption={t('complaints.by_subject')} head={t('complaints.subject')} rows={figures.by_subject.map((r) => [t.of('complaint_subject', r.subject), r.count] as const)} />
          <CountTable view={view} caption={t('complaints.by_month')} head={t('complaints.month')} rows={figures.by_month.map((r) => [month(r.month), r.count] as const)} />
        </div>
      ) : null}
    </section>
  );
}
