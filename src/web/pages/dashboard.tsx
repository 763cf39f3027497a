/**
 * The dashboard: occupancy by facility and category (server-drawn charts), capacity
 * warnings, transfers under way, deadlines due, and open incidents. Each part shows only
 * what the reader's role may read.
 */
import { scopeFilter, scopeOf } from '../../api/scope.ts';
import { h, Fragment, type Html } from '../jsx.ts';
import { page } from '../layout.tsx';
import { Badge, Endpoint, RegNo, statusTone } from '../components.tsx';
import { CapacityBars } from '../charts.tsx';
import { readPersonal } from '../../queries/personal-read.ts';
import { facilities, type FacilityView } from '../../api/read-models.ts';
import { classificationReviewsDue, deadlinesDue, informationRequestsDue, openIncidents, transfersUnderWay, type RequestDue, type ReviewDue } from '../../queries/dashboard.ts';
import { defaultDeadlines } from '../../domain/decision.ts';
import { lawfulDetentionSection } from '../../queries/lawful-detention.ts';
import { responseClockRules } from '../../store/complaints.ts';
import { LawfulDetentionSection } from '../clocks-panel.tsx';
import type { Category } from '../../domain/placement.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';
import { DueAlertsSection } from '../due-alerts.tsx';
import { repatriationAlerts } from '../../queries/repatriation-alerts.ts';
import { RepatriationAlertsSection } from './repatriations/dashboard-alerts.tsx';

/** A category at or above this share of its capacity is flagged. */
const warnAt = 0.9;

function occupancyOf(f: FacilityView): { category: Category; used: number; capacity: number }[] {
  const cats = new Set([...Object.keys(f.capacity), ...Object.keys(f.occupancy)]) as Set<Category>;
  return [...cats].sort().map((category) => ({ category, used: f.occupancy[category] ?? 0, capacity: f.capacity[category] ?? 0 }));
}

function FacilityCard(props: { view: View; facility: FacilityView }): Html {
  const { t } = props.view;
  const f = props.facility;
  const rows = occupancyOf(f);
  const used = rows.reduce((n, r) => n + r.used, 0);
  const capacity = rows.reduce((n, r) => n + r.capacity, 0);
  const warnings = rows.filter((r) => r.capacity === 0 ? r.used > 0 : r.used / r.capacity >= warnAt);
  return (
    <section class="card" aria-labelledby={`fac-${f.id}`}>
      <h2 id={`fac-${f.id}`}>
        <bdi>{f.name}</bdi>
      </h2>
      <p class="muted">
        {t.of('facility_kind', f.kind)} · {t('dashboard.held', { used, capacity })}
      </p>
      <CapacityBars
        dir={t.dir}
        title={t('dashboard.chart_title', { facility: f.name })}
        bars={rows.map((r) => ({ label: t.of('category', r.category), value: r.used, max: r.capacity, text: `${t.number(r.used)} / ${t.number(r.capacity)}` }))}
      />
      {warnings.length ? (
        <ul class="warnings">
          {warnings.map((w) => (
            <li>
              <Badge tone={w.used > w.capacity ? 'bad' : 'warn'}>{w.used > w.capacity ? t('dashboard.over_capacity') : t('dashboard.near_capacity')}</Badge>{' '}
              {t('dashboard.warning', { category: t.of('category', w.category), used: w.used, capacity: w.capacity })}
            </li>
          ))}
        </ul>
      ) : null}
      <details>
        <summary>{t('dashboard.figures')}</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.category')}</th>
                <th scope="col" class="num">{t('dashboard.occupancy')}</th>
                <th scope="col" class="num">{t('dashboard.capacity')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{t.of('category', r.category)}</th>
                  <td class="num">{t.number(r.used)}</td>
                  <td class="num">{t.number(r.capacity)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** Information requests whose answer is overdue or due soon (ICPPED 18), for the officials who answer them. */
function RequestsDueSection(props: { view: View; due: { overdue: number; due_soon: number; requests: readonly RequestDue[] }; alertHours: number }): Html {
  const { t } = props.view;
  const { overdue, due_soon, requests } = props.due;
  return (
    <DueAlertsSection
      view={props.view}
      id="information-requests-due"
      heading={t('dashboard.requests_heading')}
      due={props.due}
      rows={requests}
      banner={t('dashboard.requests_banner', { overdue, due_soon, hours: props.alertHours })}
      columns={[t('inforequest.received_at'), t('inforequest.due')]}
      cells={(r) => (
        <>
          <td>
            <a href={`/information-requests/${r.id}`}>{t.dateTime(r.received_at)}</a>
          </td>
          <td>{t.dateTime(r.due_at)}</td>
        </>
      )}
      more={() => (
        <p>
          <a href="/information-requests">{t('dashboard.all_requests')}</a>
        </p>
      )}
      empty={t('dashboard.no_requests_due', { hours: props.alertHours })}
    />
  );
}

/** Classification and risk assessments whose review (MR94) is overdue or due soon, for the officials who record them. */
function ReviewsDueSection(props: { view: View; due: { overdue: number; due_soon: number; reviews: readonly ReviewDue[] }; alertHours: number }): Html {
  const { t } = props.view;
  const { overdue, due_soon, reviews } = props.due;
  const days = Math.round(props.alertHours / 24);
  return (
    <DueAlertsSection
      view={props.view}
      id="classification-reviews-due"
      heading={t('dashboard.reviews_heading')}
      due={props.due}
      rows={reviews}
      banner={t('dashboard.reviews_banner', { overdue, due_soon, days })}
      columns={[t('person.register_number'), t('custody_life.review_due')]}
      cells={(r) => (
        <>
          <td>
            <a href={`/persons/${r.person_id}/custody-life#classifications`}>
              <RegNo value={r.register_number} />
            </a>
          </td>
          <td>{t.dateTime(r.due)}</td>
        </>
      )}
      more={(count) => <p class="muted">{t('dashboard.more_reviews', { count })}</p>}
      empty={t('dashboard.no_reviews_due', { days })}
    />
  );
}

export function dashboardPages(web: Web): void {
  web.get('/dashboard', 'authenticated', async (request, _reply, view) => {
    const { t } = view;
    const { db } = web.ctx;
    const now = web.ctx.clock();
    const all = view.can('facility.read') ? await facilities(db) : [];
    const names = new Map(all.map((f) => [f.id, f.name]));
    const transfers = view.can('transfer.read') ? await transfersUnderWay(db, 20) : null;
    // Counts and lists of persons cover those within the reader's scope only.
    const within = view.can('person.read') ? scopeFilter(await scopeOf(db, request)) : undefined;
    const deadlines = view.can('person.read') ? await deadlinesDue(db, now, 24, within) : null;
    // The incident list names persons by register number: a read, audited like any other.
    const incidents = view.can('person.read') ? await readPersonal(db, { accountId: view.account!.id, purpose: 'dashboard incidents', now }, (tx) => openIncidents(tx, 20, now, within), (found) => found.incidents.map((i) => i.person_id)) : null;
    // Who is held without a valid order, by register number and name: a read, audited.
    const lawful = view.can('person.read')
      ? await readPersonal(
          db,
          { accountId: view.account!.id, purpose: 'dashboard lawful detention', now },
          (tx) => lawfulDetentionSection(tx, now, 20, within),
          (found) => found.held.alerts.map((a) => a.person_id),
        )
      : null;
    // Requests name no person here (neither the requester nor whom they ask about): no personal read.
    const alertHours = (web.ctx.register.deadlines ?? defaultDeadlines).informationAlertHours;
    const requestsDue = view.can('inforequest.manage') ? await informationRequestsDue(db, now, alertHours, 20) : null;
    // The repatriation desk's reminders, escalations and contacts after a return, named by register number: an audited read.
    const repatriationDue = view.can('repatriation.manage')
      ? await readPersonal(db, { accountId: view.account!.id, purpose: 'dashboard repatriation alerts', now }, async (tx) => repatriationAlerts(tx, now, responseClockRules(), 20, within ?? scopeFilter(await scopeOf(db, request))), (found) => found.alerts.map((a) => a.person_id))
      : null;
    // Reviews of classifications (MR94) due, by register number: a read, audited.
    const reviewAlertHours = responseClockRules().classificationReviewAlertHours;
    const reviewsDue = view.can('custody_life.record')
      ? await readPersonal(db, { accountId: view.account!.id, purpose: 'dashboard classification reviews', now }, (tx) => classificationReviewsDue(tx, now, reviewAlertHours, 20, within), (found) => found.reviews.map((r) => r.person_id))
      : null;
    return page({
      view,
      title: t('dashboard.title'),
      nav: '/dashboard',
      children: (
        <>
          {incidents && incidents.total > 0 ? (
            <div class="banner bad" role="status">
              {t('dashboard.incidents_banner', { count: incidents.total })}
            </div>
          ) : null}
          {requestsDue ? <RequestsDueSection view={view} due={requestsDue} alertHours={alertHours} /> : null}
          {repatriationDue ? <RepatriationAlertsSection view={view} due={repatriationDue} /> : null}
          {reviewsDue ? <ReviewsDueSection view={view} due={reviewsDue} alertHours={reviewAlertHours} /> : null}
          {lawful ? <LawfulDetentionSection view={view} summary={lawful.summary} held={lawful.held.alerts} heldTotal={lawful.held.total} /> : null}
          <h2>{t('dashboard.occupancy_heading')}</h2>
          {all.length ? (
            <div class="cards">{all.map((f) => <FacilityCard view={view} facility={f} />)}</div>
          ) : (
            <p class="muted">{t('dashboard.no_facilities')}</p>
          )}
          {transfers ? (
            <section aria-labelledby="transfers-heading">
              <h2 id="transfers-heading">{t('dashboard.transfers_heading')}</h2>
              {transfers.transfers.length ? (
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('transfer.from')}</th>
                        <th scope="col">{t('transfer.to')}</th>
                        <th scope="col">{t('transfer.status')}</th>
                        <th scope="col" class="num">{t('transfer.persons')}</th>
                        <th scope="col" class="num">{t('transfer.in_transit')}</th>
                        <th scope="col">{t('transfer.created_at')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {transfers.transfers.map((tr) => (
                        <tr>
                          <td>
                            <a href={`/transfers/${tr.id}`}>
                              <Endpoint t={t} endpoint={tr.origin} facilityNames={names} />
                            </a>
                          </td>
                          <td>
                            <Endpoint t={t} endpoint={tr.destination} facilityNames={names} />
                          </td>
                          <td>
                            <Badge tone={statusTone[tr.status]}>{t.of('transfer_status', tr.status)}</Badge>
                          </td>
                          <td class="num">{t.number(tr.persons)}</td>
                          <td class="num">{t.number(tr.in_transit)}</td>
                          <td>{t.dateTime(tr.created_at)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p class="muted">{t('dashboard.no_transfers')}</p>
              )}
              {transfers.truncated ? (
                <p>
                  <a href="/transfers">{t('dashboard.all_transfers')}</a>
                </p>
              ) : null}
            </section>
          ) : null}
          {deadlines ? (
            <section aria-labelledby="deadlines-heading">
              <h2 id="deadlines-heading">{t('dashboard.deadlines_heading')}</h2>
              {deadlines.length ? (
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('dashboard.task_kind')}</th>
                        <th scope="col" class="num">{t('dashboard.overdue')}</th>
                        <th scope="col" class="num">{t('dashboard.due_soon')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {deadlines.map((d) => (
                        <tr>
                          <th scope="row">{t.of('task_kind', d.kind)}</th>
                          <td class="num">{d.overdue ? <Badge tone="bad">{t.number(d.overdue)}</Badge> : t.number(0)}</td>
                          <td class="num">{t.number(d.due_soon)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p class="muted">{t('dashboard.no_deadlines')}</p>
              )}
            </section>
          ) : null}
          {incidents ? (
            <section aria-labelledby="incidents-heading">
              <h2 id="incidents-heading">{t('dashboard.incidents_heading')}</h2>
              {incidents.incidents.length ? (
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('person.register_number')}</th>
                        <th scope="col">{t('dashboard.incident_kind')}</th>
                        <th scope="col">{t('dashboard.opened_at')}</th>
                        <th scope="col">{t('dashboard.owner')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {incidents.incidents.map((i) => (
                        <tr>
                          <td>
                            <a href={`/persons/${i.person_id}`}>
                              <RegNo value={i.register_number} />
                            </a>
                          </td>
                          <td>
                            <Badge tone="bad">{t.of('incident', i.kind)}</Badge>
                            {i.transfer_id ? (
                              <>
                                {' '}
                                <a href={`/transfers/${i.transfer_id}`}>{t('dashboard.on_transfer')}</a>
                              </>
                            ) : null}
                          </td>
                          <td>{t.dateTime(i.opened_at)}</td>
                          <td>
                            <bdi>{view.official(i.owner)}</bdi>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p class="muted">{t('dashboard.no_incidents')}</p>
              )}
            </section>
          ) : null}
        </>
      ),
    });
  });
}
