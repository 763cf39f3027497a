/**
 * A court's list for a day (its docket): who must be produced, from which facility, for which
 * case — hearings and production orders in time order; and the court's calendar around the
 * day, with how many are listed each day. The printed docket groups the list by the facility
 * that produces each person, so each facility has its own part.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, mainName, Name, RegNo } from '../../components.tsx';
import type { DocketDay } from '../../../queries/court-docket.ts';
import type { View } from '../../view.ts';
import { docketHref } from './case-page.tsx';
import type { DocketEntry } from './views.ts';

/** The day `n` days after a local day (YYYY-MM-DD). */
export function dayAfter(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The calendar around the day shown: each day with what is listed, linked to its docket. */
export function DocketCalendar(props: { view: View; court: string; date: string; days: readonly DocketDay[] }): Html {
  const { t } = props.view;
  return (
    <nav class="calendar no-print" aria-label={t('docket.calendar')}>
      <ol>
        {props.days.map((d) => (
          <li class={d.date === props.date ? 'today' : undefined}>
            <a href={docketHref(props.court, d.date)} aria-current={d.date === props.date ? 'date' : undefined}>
              <span class="day">{t.date(d.date)}</span>
              <span class="muted">{t('docket.day_counts', { hearings: d.hearings, productions: d.productions })}</span>
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function What(props: { view: View; entry: DocketEntry }): Html {
  const { t } = props.view;
  const e = props.entry;
  return (
    <>
      {t.of('docket_kind', e.kind)}
      {e.kind === 'hearing' ? (
        <>
          {' · '}
          <bdi>{e.purpose ?? ''}</bdi> {e.status ? <Badge tone={e.status === 'scheduled' ? 'info' : 'ok'}>{t.of('hearing_status', e.status)}</Badge> : null}
        </>
      ) : (
        <>
          {' · '}
          <bdi dir="ltr">{e.order_reference ?? ''}</bdi> {e.confirmation ? <Badge tone={e.confirmation === 'pending' ? 'warn' : 'ok'}>{t.of('order_confirmation', e.confirmation)}</Badge> : null}
        </>
      )}
    </>
  );
}

const productionTone: Readonly<Record<DocketEntry['production'], 'info' | 'ok' | 'warn' | 'bad'>> = {
  not_arranged: 'warn',
  awaiting_approval: 'warn',
  ready: 'info',
  to_court: 'info',
  at_court: 'info',
  returning: 'info',
  back: 'ok',
  cancelled: 'warn',
  incident: 'bad',
  not_returned: 'bad',
};

/** Where the production stands: the movement to the court's holding facility and back, linked to its transfer order on screen. */
function Movement(props: { view: View; entry: DocketEntry; links: boolean }): Html {
  const { t } = props.view;
  const e = props.entry;
  const badge = <Badge tone={productionTone[e.production]}>{t.of('production_state', e.production)}</Badge>;
  return props.links && e.movement ? <a href={`/transfers/${e.movement.transfer_id}`}>{badge}</a> : badge;
}

function Rows(props: { view: View; entries: readonly DocketEntry[]; links: boolean; facility: boolean }): Html {
  const { view } = props;
  const { t } = view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('docket.time')}</th>
            <th scope="col">{t('person.register_number')}</th>
            <th scope="col">{t('lawful.name')}</th>
            {props.facility ? <th scope="col">{t('docket.produced_from')}</th> : null}
            <th scope="col">{t('case.reference')}</th>
            <th scope="col">{t('docket.listed_for')}</th>
            <th scope="col">{t('docket.movement')}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => {
            const name = mainName(e.names, view);
            return (
              <tr data-person={e.person_id} class={e.custody_status === 'in_custody' ? undefined : 'row-warn'}>
                <td>{t.dateTime(e.at)}</td>
                <td>{props.links ? <a href={`/persons/${e.person_id}`}><RegNo value={e.register_number} /></a> : <RegNo value={e.register_number} />}</td>
                <td>{name ? <Name full={name.full} script={name.script} /> : '—'}</td>
                {props.facility ? <td>{e.facility ? <bdi>{e.facility.name}</bdi> : t.of('custody_status', e.custody_status)}</td> : null}
                <td>{props.links ? <a href={`/cases/${e.case_id}`}><bdi dir="ltr">{e.case_reference}</bdi></a> : <bdi dir="ltr">{e.case_reference}</bdi>}</td>
                <td>
                  <What view={view} entry={e} />
                </td>
                <td>
                  <Movement view={view} entry={e} links={props.links} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The day's list on screen: one table in time order, each person linked to their record and case. */
export function DocketTable(props: { view: View; entries: readonly DocketEntry[] }): Html {
  const { t } = props.view;
  if (!props.entries.length) return <p class="muted">{t('docket.empty')}</p>;
  return <Rows view={props.view} entries={props.entries} links facility />;
}

/** The day's list as printed: one part per facility that produces someone (and those held in none). */
export function DocketByFacility(props: { view: View; entries: readonly DocketEntry[] }): Html {
  const { view } = props;
  const { t } = view;
  if (!props.entries.length) return <p class="muted">{t('docket.empty')}</p>;
  const groups = new Map<string, { name: string | null; entries: DocketEntry[] }>();
  for (const e of props.entries) {
    const key = e.facility?.id ?? '';
    const group = groups.get(key) ?? { name: e.facility?.name ?? null, entries: [] };
    group.entries.push(e);
    groups.set(key, group);
  }
  return (
    <>
      {[...groups.values()].map((g) => (
        <section class="docket-facility">
          <h2>{g.name ? <>{t('docket.from_facility')} <bdi>{g.name}</bdi> ({t.number(g.entries.length)})</> : t('docket.not_in_facility', { count: g.entries.length })}</h2>
          <Rows view={view} entries={g.entries} links={false} facility={g.name === null} />
        </section>
      ))}
    </>
  );
}
