/**
 * The legal clocks on the pages: a person's clocks panel (each clock's state, limit and the
 * facts behind it, the periods without lawful authority, the findings) with the banner "held
 * without a valid order", and the dashboard's lawful-detention section, where that count comes
 * first — zero is the goal.
 */
import { h, Fragment, type Html } from './jsx.ts';
import { Badge, RegNo } from './components.tsx';
import { explainClock } from './clock-explanation.ts';
import type { ClockEvaluation, ClockStatus } from '../domain/clocks/evaluate-clocks.ts';
import type { PersonClocks } from '../domain/clocks/person-clocks.ts';
import type { ClockAlert, LawfulDetentionSummary } from '../queries/lawful-detention.ts';
import { clockRuleIds } from '../domain/clocks/rules.ts';
import type { View } from './view.ts';
import type { ResponseClockStatus } from '../domain/response-clock.ts';

export const clockTone: Readonly<Record<ClockStatus | 'due_soon' | 'breached', 'ok' | 'warn' | 'bad' | 'info'>> = {
  not_applicable: 'info',
  running: 'ok',
  due_soon: 'warn',
  met: 'ok',
  met_late: 'bad',
  breached: 'bad',
};

/**
 * The tone of a clock waiting for an answer or for the independent authority (response-clock.ts:
 * requests, complaints, referrals): an answer given late is a warning, not a detention without
 * authority.
 */
export const responseClockTone: Readonly<Record<ResponseClockStatus, 'ok' | 'warn' | 'bad' | 'info'>> = { running: 'info', due_soon: 'warn', met: 'ok', met_late: 'warn', breached: 'bad' };

const iso = (ms: number) => new Date(ms).toISOString();

/** The banner at the top of a record whose person is held without a valid order. */
export function HeldWithoutOrderBanner(props: { view: View; evaluation: ClockEvaluation | null }): Html {
  const clock = props.evaluation?.clocks.find((c) => c.rule === 'detention_order');
  if (!props.evaluation?.held_without_valid_order || clock?.since === undefined) return <></>;
  return (
    <p class="banner bad" role="alert">
      {props.view.t('clocks.held_banner', { since: props.view.t.dateTime(iso(clock.since)) })}
    </p>
  );
}

/** A person's clocks: one row per rule, then the unlawful periods and the findings. */
export function ClocksPanel(props: { view: View; clocks: PersonClocks | null; evaluation: ClockEvaluation | null }): Html {
  const { t } = props.view;
  const e = props.evaluation;
  const pending = props.clocks ? Object.keys(props.clocks.pending).length : 0;
  return (
    <section aria-labelledby="clocks-heading" id="clocks">
      <h2 id="clocks-heading">{t('clocks.heading')}</h2>
      {!e ? (
        <p class="muted">{t('clocks.none')}</p>
      ) : (
        <>
          {props.clocks && !props.clocks.inCustody ? <p class="muted">{t('clocks.custody_ended')}</p> : null}
          {pending ? <p class="banner warn">{t('clocks.awaiting_confirmation', { count: pending })}</p> : null}
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('clocks.rule')}</th>
                  <th scope="col">{t('clocks.status')}</th>
                  <th scope="col">{t('clocks.due')}</th>
                  <th scope="col">{t('clocks.explanation')}</th>
                </tr>
              </thead>
              <tbody>
                {e.clocks.map((c) => (
                  <tr data-rule={c.rule} data-status={c.status}>
                    <th scope="row">{t.of('clock_rule', c.rule)}</th>
                    <td>
                      <Badge tone={clockTone[c.status]}>{t.of('clock_status', c.status)}</Badge>
                    </td>
                    <td>{c.due === null ? '—' : t.dateTime(iso(c.due))}</td>
                    <td>{explainClock(t, c.explanation)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {e.unlawful_periods.length ? (
            <>
              <h3>{t('clocks.unlawful_heading')}</h3>
              <ul>
                {e.unlawful_periods.map((p) => (
                  <li>
                    {t('clocks.unlawful_period', { rule: t.of('clock_rule', p.rule), from: t.dateTime(iso(p.from)), to: p.to === null ? t('clocks.ongoing') : t.dateTime(iso(p.to)) })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {e.findings.length ? (
            <>
              <h3>{t('clocks.findings_heading')}</h3>
              <ul>
                {e.findings.map((f) => (
                  <li>
                    {t.of('clock_finding', f.code)} {t('clock_refs', { refs: t.plain(f.ref) })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

/** Rows of alerts: person, clock, state, since or due, facility. */
export function ClockAlertsTable(props: { view: View; alerts: readonly ClockAlert[] }): Html {
  const { t } = props.view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('person.register_number')}</th>
            <th scope="col">{t('lawful.name')}</th>
            <th scope="col">{t('clocks.rule')}</th>
            <th scope="col">{t('clocks.status')}</th>
            <th scope="col">{t('lawful.when')}</th>
            <th scope="col">{t('lawful.facility')}</th>
            <th scope="col">{t('lawful.owner')}</th>
          </tr>
        </thead>
        <tbody>
          {props.alerts.map((a) => (
            <tr data-rule={a.rule} data-status={a.status}>
              <td>
                <a href={`/persons/${a.person_id}#clocks`}>
                  <RegNo value={a.register_number} />
                </a>
              </td>
              <td>{a.name ? <bdi>{a.name}</bdi> : '—'}</td>
              <td>{a.rule === 'detention_order' && a.status === 'breached' ? t('lawful.held_label') : t.of('clock_rule', a.rule)}</td>
              <td>
                <Badge tone={clockTone[a.status]}>{t.of('clock_status', a.status)}</Badge>
              </td>
              <td>{a.status === 'breached' ? t('lawful.since', { at: a.since ? t.dateTime(a.since) : '—' }) : t('lawful.due', { at: a.due ? t.dateTime(a.due) : '—' })}</td>
              <td>{a.facility ? <bdi>{a.facility}</bdi> : '—'}</td>
              <td>{a.status === 'breached' ? t('lawful.escalated', { role: t.of('role', a.owner_role) }) : t.of('role', a.owner_role)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The dashboard's lawful-detention section: the count held without a valid order first, then every clock by state, then who is held without an order. */
export function LawfulDetentionSection(props: { view: View; summary: LawfulDetentionSummary; held: readonly ClockAlert[]; heldTotal: number }): Html {
  const { t } = props.view;
  const s = props.summary;
  const count = (rule: string, status: string) => s.counts.find((c) => c.rule === rule && c.status === status)?.persons ?? 0;
  return (
    <section aria-labelledby="lawful-heading" id="lawful-detention">
      <h2 id="lawful-heading">{t('lawful.heading')}</h2>
      <p class={`banner ${s.held_without_valid_order ? 'bad' : 'ok'}`} role="status" data-held={String(s.held_without_valid_order)}>
        <strong>{t('lawful.held_label')}:</strong> {t.number(s.held_without_valid_order)} · {t('lawful.zero_goal')}
      </p>
      {props.held.length ? <ClockAlertsTable view={props.view} alerts={props.held} /> : null}
      {props.heldTotal > props.held.length ? (
        <p>
          <a href="/lawful-detention?rule=detention_order&status=breached">{t('lawful.all_held', { count: props.heldTotal })}</a>
        </p>
      ) : null}
      <div class="table-wrap">
        <table>
          <caption>{t('lawful.by_clock')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('clocks.rule')}</th>
              <th scope="col" class="num">{t.of('clock_status', 'breached')}</th>
              <th scope="col" class="num">{t.of('clock_status', 'due_soon')}</th>
              <th scope="col" class="num">{t.of('clock_status', 'running')}</th>
            </tr>
          </thead>
          <tbody>
            {clockRuleIds.map((rule) => (
              <tr>
                <th scope="row">{t.of('clock_rule', rule)}</th>
                <td class="num">{count(rule, 'breached') ? <Badge tone="bad">{t.number(count(rule, 'breached'))}</Badge> : t.number(0)}</td>
                <td class="num">{t.number(count(rule, 'due_soon'))}</td>
                <td class="num">{t.number(count(rule, 'running'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">{t('lawful.met_late', { count: s.met_late })}</p>
      <p>
        <a href="/lawful-detention">{t('lawful.all_alerts')}</a>
      </p>
    </section>
  );
}
