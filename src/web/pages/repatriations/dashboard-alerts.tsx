/**
 * The dashboard's part for the repatriation desk: requests left unanswered past their reminder
 * or their escalation, and contacts after a return due or missed — each linked to its case.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { RegNo } from '../../components.tsx';
import { DueAlertsSection } from '../../due-alerts.tsx';
import { nationalityLabel } from '../../nationality-choices.ts';
import type { RepatriationAlerts } from '../../../queries/repatriation-alerts.ts';
import type { View } from '../../view.ts';

export function RepatriationAlertsSection(props: { view: View; due: RepatriationAlerts }): Html {
  const { t } = props.view;
  const { overdue, due_soon, alerts } = props.due;
  return (
    <DueAlertsSection
      view={props.view}
      id="repatriation-alerts"
      heading={t('dashboard.repatriation_heading')}
      due={props.due}
      rows={alerts}
      banner={t('dashboard.repatriation_banner', { overdue, due_soon })}
      columns={[t('person.register_number'), t('repatriation.state'), t('dashboard.task_kind'), t('follow_up.due')]}
      cells={(a) => (
        <>
          <td>
            <a href={`/repatriations/${a.case_id}`}>
              <RegNo value={a.register_number} />
            </a>
          </td>
          <td>{nationalityLabel(t, a.state)}</td>
          <td>{t.of('task_kind', a.kind)}</td>
          <td>{t.dateTime(a.due_at)}</td>
        </>
      )}
      more={() => (
        <p>
          <a href="/repatriations/states">{t('dashboard.all_repatriation_alerts')}</a>
        </p>
      )}
      empty={t('dashboard.no_repatriation_alerts')}
    />
  );
}
