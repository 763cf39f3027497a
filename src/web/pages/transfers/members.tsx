/** The persons on a transfer: register number, names and where each stands. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, Name, RegNo, namesInReadingOrder, statusTone } from '../../components.tsx';
import type { PersonSummaryView } from '../../../api/read-models.ts';
import type { View } from '../../view.ts';
import type { Detail, Member } from './views.ts';

function MemberName(props: { summary: PersonSummaryView | undefined; view: View }): Html {
  const names = namesInReadingOrder(props.summary?.names ?? [], props.view.t.dir);
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
export function MemberTable(props: { view: View; detail: Detail; members: readonly Member[] }): Html {
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
