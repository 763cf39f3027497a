/** The transfer manifest: the order, its persons with a box to tick at check-out and check-in, and the officials' signatures. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Name, RegNo, mainName } from '../../components.tsx';
import type { PersonSummaryView } from '../../../api/read-models.ts';
import type { View } from '../../view.ts';
import type { TransferView } from '../transfers/views.ts';
import { DocHead, Toolbar } from './document.tsx';

/** `names` are the facilities' names by id; `summaries` the persons on the order by id. */
export function Manifest(props: { view: View; transfer: TransferView; names: ReadonlyMap<string, string>; summaries: ReadonlyMap<string, PersonSummaryView> }): Html {
  const { view, transfer: tr, names, summaries } = props;
  const { t } = view;
  const endpoint = (e: typeof tr.origin) => (e.kind === 'facility' ? (names.get(e.facility_id ?? '') ?? '') : `${e.name} (${e.country})`);
  const base = `/print/transfers/${tr.id}/manifest`;
  return (
    <>
      <Toolbar view={view} base={base} />
      <DocHead view={view} title={t('print.manifest_subtitle', { count: tr.persons })} />
      <dl class="facts">
        <dt>{t('transfer.from')}</dt>
        <dd>
          <bdi>{endpoint(tr.origin)}</bdi>
        </dd>
        <dt>{t('transfer.to')}</dt>
        <dd>
          <bdi>{endpoint(tr.destination)}</bdi>
        </dd>
        <dt>{t('transfer.reason')}</dt>
        <dd>
          <bdi>{tr.reason}</bdi>
        </dd>
        <dt>{t('transfer.status')}</dt>
        <dd>{t.of('transfer_status', tr.status)}</dd>
        {tr.escort ? (
          <>
            <dt>{t('transfer.escort')}</dt>
            <dd>
              <bdi>{tr.escort.authority}</bdi> · <bdi>{tr.escort.commander}</bdi>
            </dd>
          </>
        ) : null}
      </dl>
      <table>
        <thead>
          <tr>
            <th scope="col" class="num">#</th>
            <th scope="col">{t('person.register_number')}</th>
            <th scope="col">{t('person.names')}</th>
            <th scope="col">{t('transfer.person_status')}</th>
            <th scope="col">{t('print.checked_out')}</th>
            <th scope="col">{t('print.checked_in')}</th>
          </tr>
        </thead>
        <tbody>
          {tr.members.map((m, i) => {
            const s = summaries.get(m.person_id);
            const main = s ? mainName(s.names, view) : undefined;
            const other = s?.names.filter((n) => n !== main) ?? [];
            return (
              <tr>
                <td class="num">{t.plain(i + 1)}</td>
                <td>
                  <RegNo value={m.register_number} />
                </td>
                <td>
                  {main ? <Name full={main.full} script={main.script} /> : null}
                  {other.map((n) => (
                    <div class="muted">
                      <Name full={n.full} script={n.script} />
                    </div>
                  ))}
                </td>
                <td>{t.of('transfer_person_status', m.status)}</td>
                <td>☐</td>
                <td>☐</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div class="doc-foot">
        <div class="signature">
          {t('transfer.releasing_official')}
          {tr.releasing_official ? (
            <>
              : <bdi>{tr.releasing_official}</bdi>
            </>
          ) : null}
        </div>
        <div class="signature">
          {t('transfer.escort_commander')}
          {tr.escort ? (
            <>
              : <bdi>{tr.escort.commander}</bdi>
            </>
          ) : null}
        </div>
        <div class="signature">
          {t('transfer.receiving_official')}
          {tr.receiving_official ? (
            <>
              : <bdi>{tr.receiving_official}</bdi>
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}
