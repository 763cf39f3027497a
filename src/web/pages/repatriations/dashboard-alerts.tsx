/**
 * The dashboard's part for the repatriation desk: requests left unanswered past their reminder
 * or their escalation, and contacts after a return due or missed — each linked to its case.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, RegNo } from '../../components.tsx';
import { nationalityLabel } from '../../nationality-choices.ts';
import type { RepatriationAlerts } from '../../../queries/repatriation-alerts.ts';
import type { View } from '../../view.ts';

export function RepatriationAlertsSection(props: { view: View; due: RepatriationAlerts }): Html {
  const { t } = props.view;
  const { overdue, due_soon, alerts } = props.due;
  return (
    <section aria-labelledby="repatriation-alerts-heading" id="repatriation-alerts">
      <h2 id="repatriation-alerts-heading">{t('dashboard.repatriation_heading')}</h2>
      {overdue + due_soon ? (
        <>
          <p class={`banner ${overdue ? 'bad' : 'warn'}`} role="status">
            {t('dashboard.repatriation_banner', { overdue, due_soon })}
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('person.register_number')}</th>
                  <th scope="col">{t('repatriation.state')}</th>
                  <th scope="col">{t('dashboard.task_kind')}</th>
                  <th scope="col">{t('follow_up.due')}</th>
                  <th scope="col">{t('clocks.status')}</th>
                </tr>
              </thead>
              <tbody>
                {alerts.map((a) => (
                  <tr>
                    <td>
                      <a href={`/repatriations/${a.case_id}`}>
                        <RegNo value={a.register_number} />
                      </a>
                    </td>
                    <td>{nationalityLabel(t, a.state)}</td>
                    <td>{t.of('task_kind', a.kind)}</td>
                    <td>{t.dateTime(a.due_at)}</td>
                    <td>
                      <Badge tone={a.overdue ? 'bad' : 'warn'}>{t.of('clock_status', a.overdue ? 'breached' : 'due_soon')}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {overdue + due_soon > alerts.length ? (
            <p>
              <a href="/repatriations/states">{t('dashboard.all_repatriation_alerts')}</a>
            </p>
          ) : null}
        </>
      ) : (
        <p class="muted">{t('dashboard.no_repatriation_alerts')}</p>
      )}
    </section>
  );
}
