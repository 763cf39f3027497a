/** The list of transfers: where from, where to, status, how many persons. */
import { h, type Html } from '../../jsx.ts';
import { Badge, Endpoint, statusTone } from '../../components.tsx';
import type { View } from '../../view.ts';
import type { TransferSummaryView } from './views.ts';

export function TransferRows(props: { view: View; transfers: readonly TransferSummaryView[]; names: ReadonlyMap<string, string> }): Html {
  const { t } = props.view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('transfer.from')}</th>
            <th scope="col">{t('transfer.to')}</th>
            <th scope="col">{t('transfer.status')}</th>
            <th scope="col" class="num">{t('transfer.persons')}</th>
            <th scope="col">{t('transfer.created_at')}</th>
            <th scope="col">{t('transfer.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {props.transfers.map((tr) => (
            <tr>
              <td>
                <a href={`/transfers/${tr.id}`}>
                  <Endpoint t={t} endpoint={tr.origin} facilityNames={props.names} />
                </a>
              </td>
              <td>
                <Endpoint t={t} endpoint={tr.destination} facilityNames={props.names} />
              </td>
              <td>
                <Badge tone={statusTone[tr.status]}>{t.of('transfer_status', tr.status)}</Badge>
              </td>
              <td class="num">{t.number(tr.persons)}</td>
              <td>{t.dateTime(tr.created_at)}</td>
              <td>
                <bdi>{tr.reason}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
