/**
 * The states desk (issue 15): per state of nationality, its nationals held, their repatriation
 * cases by stage, consular notifications sent, owed and overdue, the requests it left unanswered
 * past the reminder clock's days, the cases it accepted, those returned and in follow-up —
 * on screen and as a printable document in every locale — and the letter to a state listing its
 * nationals whose repatriation awaits its answer.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, Name, RegNo, mainName } from '../../components.tsx';
import { nationalityLabel } from '../../nationality-choices.ts';
import { repatriationStatuses } from '../../../domain/repatriation.ts';
import type { StateProfile } from '../../../domain/state-profile.ts';
import type { AwaitingEntry, StateReportRow } from '../../../queries/states-report.ts';
import type { View } from '../../view.ts';
import { DocHead, Toolbar } from '../print/document.tsx';

/** The report's table: one row per state. */
export function StatesReportTable(props: { view: View; rows: readonly StateReportRow[]; links: boolean; unansweredAfterDays: number }): Html {
  const { t } = props.view;
  if (!props.rows.length) return <p class="muted">{t('repatriation.no_states')}</p>;
  return (
    <div class="table-wrap">
      <table id="states-report">
        <thead>
          <tr>
            <th scope="col">{t('repatriation.state')}</th>
            <th scope="col" class="num">{t('desk.men')}</th>
            <th scope="col" class="num">{t('desk.women')}</th>
            <th scope="col" class="num">{t('desk.children')}</th>
            <th scope="col">{t('desk.cases')}</th>
            <th scope="col" class="num">{t('desk.sent')}</th>
            <th scope="col" class="num">{t('desk.owed')}</th>
            <th scope="col" class="num">{t('desk.unanswered', { days: props.unansweredAfterDays })}</th>
            <th scope="col" class="num">{t('desk.accepted')}</th>
            <th scope="col" class="num">{t('desk.returned')}</th>
            <th scope="col" class="num">{t('desk.in_follow_up')}</th>
            {props.links ? <th scope="col" class="no-print">{t('desk.letter')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr data-state={r.state}>
              <th scope="row">{props.links ? <a href={`/repatriations?state=${r.state}`}>{nationalityLabel(t, r.state)}</a> : nationalityLabel(t, r.state)}</th>
              <td class="num">{t.number(r.held.men)}</td>
              <td class="num">{t.number(r.held.women)}</td>
              <td class="num">{t.number(r.held.children)}</td>
              <td>
                <ul class="plain">
                  {repatriationStatuses
                    .filter((s) => r.cases[s] > 0)
                    .map((s) => (
                      <li>
                        {t.of('repatriation_status', s)}: {t.number(r.cases[s])}
                      </li>
                    ))}
                </ul>
              </td>
              <td class="num">{t.number(r.notifications.sent)}</td>
              <td class="num">
                {t.number(r.notifications.owed)}
                {r.notifications.overdue ? (
                  <>
                    {' '}
                    <Badge tone="bad">{t('desk.overdue', { count: r.notifications.overdue })}</Badge>
                  </>
                ) : null}
              </td>
              <td class="num">{r.unanswered ? <Badge tone="bad">{t.number(r.unanswered)}</Badge> : t.number(0)}</td>
              <td class="num">{t.number(r.accepted)}</td>
              <td class="num">{t.number(r.cases.returned + r.cases.followed_up)}</td>
              <td class="num">{t.number(r.cases.returned)}</td>
              {props.links ? (
                <td class="no-print">
                  <a href={`/print/repatriations/states/${r.state}/letter`}>{t('desk.letter')}</a>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The report as a printed document. */
export function StatesReportDocument(props: { view: View; rows: readonly StateReportRow[]; unansweredAfterDays: number }): Html {
  const { t } = props.view;
  return (
    <>
      <Toolbar view={props.view} base="/print/repatriations/states-report" />
      <DocHead view={props.view} title={t('desk.title')} />
      <p>{t('desk.report_intro')}</p>
      <StatesReportTable view={props.view} rows={props.rows} links={false} unansweredAfterDays={props.unansweredAfterDays} />
      <div class="doc-foot">
        <div class="signature">{t('print.issuing_official')}</div>
      </div>
    </>
  );
}

const dayMs = 86_400_000;

/** The letter to a state: its nationals whose repatriation awaits its answer. */
export function StateLetter(props: { view: View; profile: StateProfile; cases: readonly AwaitingEntry[]; names: ReadonlyMap<string, readonly { script: string; full: string }[]>; now: Date }): Html {
  const { view, profile } = props;
  const { t } = view;
  const state = nationalityLabel(t, profile.state);
  return (
    <>
      <Toolbar view={view} base={`/print/repatriations/states/${profile.state}/letter`} />
      <DocHead view={view} title={t('desk.letter_title', { state })} />
      {profile.liaison_contacts.length ? (
        <p>
          {t('desk.letter_to')}{' '}
          {profile.liaison_contacts.map((c, i) => (
            <>
              {i ? '، ' : ''}
              <bdi>{c.post}</bdi>
            </>
          ))}
        </p>
      ) : null}
      {props.cases.length ? (
        <>
          <p>{t('desk.letter_intro', { state, count: props.cases.length })}</p>
          <div class="table-wrap">
            <table id="awaiting">
              <thead>
                <tr>
                  <th scope="col" class="num">
                    #
                  </th>
                  <th scope="col">{t('person.register_number')}</th>
                  <th scope="col">{t('repatriation.person')}</th>
                  <th scope="col">{t('desk.request_date')}</th>
                  <th scope="col">{t('repatriation.reference')}</th>
                  <th scope="col" class="num">{t('desk.requests')}</th>
                  <th scope="col" class="num">{t('desk.days_waiting')}</th>
                </tr>
              </thead>
              <tbody>
                {props.cases.map((c, i) => {
                  const name = mainName(props.names.get(c.person_id) ?? [], view);
                  return (
                    <tr>
                      <td class="num">{t.number(i + 1)}</td>
                      <td>
                        <RegNo value={c.register_number} />
                      </td>
                      <td>{name ? <Name full={name.full} script={name.script} /> : '—'}</td>
                      <td>{t.date(c.sent_at)}</td>
                      <td>
                        <bdi dir="ltr">{c.reference}</bdi>
                      </td>
                      <td class="num">{t.number(c.requests_sent)}</td>
                      <td class="num">{t.number(Math.max(0, Math.floor((props.now.getTime() - Date.parse(c.sent_at)) / dayMs)))}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p>{t('desk.letter_closing')}</p>
        </>
      ) : (
        <p>{t('desk.letter_none', { state })}</p>
      )}
      <div class="doc-foot">
        <div class="signature">{t('print.issuing_official')}</div>
      </div>
    </>
  );
}
