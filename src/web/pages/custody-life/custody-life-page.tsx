/**
 * A person's custody life (STANDARDS B): the classifications with their review clocks and the
 * detainee's contests, and the disciplinary cases — charge, hearing, sanction, appeal. The forms
 * to assess and to charge are shown to the roles that may; each refusal at its control.
 */
import { responseClockTone } from '../../clocks-panel.tsx';
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, Input, Select, TextArea } from '../../components.tsx';
import { emptyForm, localNow, type FormState } from '../../forms.ts';
import type { View } from '../../view.ts';
import { ActionForm } from '../cases/action-form.tsx';
import { riskLevels, securityCategories } from '../../../domain/classification.ts';
import { disciplinaryOffences } from '../../../domain/disciplinary-rules.ts';
import type { DisciplinaryCase } from '../../../domain/discipline.ts';
import type { ClassificationView, PersonCustodyLife } from '../../../queries/custody-life.ts';

export type CustodyLifeForms = Partial<Record<'assess' | 'charge', FormState>>;

const choices = (view: View, group: Parameters<View['t']['of']>[0], values: readonly string[]) => values.map((v) => [v, view.t.of(group, v as never)] as const);
const formOf = (forms: CustodyLifeForms, name: keyof CustodyLifeForms): FormState => forms[name] ?? { ...emptyForm, scope: name };

function ClassificationRow(props: { view: View; c: ClassificationView }): Html {
  const { view, c } = props;
  const { t } = view;
  return (
    <tr data-status={c.status}>
      <td>{t.dateTime(c.assessed_at)}</td>
      <td>
        {t.of('security_category', c.category)} · {t.of('risk_level', c.risk)}
        <div class="muted">{t.of('classification_status', c.status)}</div>
      </td>
      <td>
        <bdi>{c.reasons}</bdi>
        <div class="muted">
          {t('custody_life.assessed_by')} <bdi>{c.assessed_by}</bdi>
        </div>
      </td>
      <td data-review={c.review.status}>
        {t.dateTime(c.review.due)} <Badge tone={responseClockTone[c.review.status]}>{t.of('clock_status', c.review.status)}</Badge>
      </td>
      <td>
        {c.contest ? (
          <>
            {t.of('contestant', c.contest.contestant)}: <bdi>{c.contest.grounds}</bdi>
            <div class="muted">
              {c.contest.decision ? (
                <>
                  {t.of('contest_outcome', c.contest.decision.outcome)} ({t.dateTime(c.contest.decision.decided_at)}, <bdi>{c.contest.decision.decided_by}</bdi>): <bdi>{c.contest.decision.reasons}</bdi>
                </>
              ) : (
                t('custody_life.contest_pending')
              )}
            </div>
          </>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}

function DisciplineRow(props: { view: View; d: DisciplinaryCase }): Html {
  const { view, d } = props;
  const { t } = view;
  return (
    <tr data-status={d.status}>
      <td>
        {t.of('disciplinary_offence', d.offence)} <span class="muted" dir="ltr">{d.rule}</span>
        <div>
          <bdi>{d.act}</bdi>
        </div>
        <div class="muted">
          {t('custody_life.charged', { at: t.dateTime(d.charged_at) })} <bdi>{d.charged_by}</bdi>
        </div>
      </td>
      <td>
        {d.hearing ? (
          <>
            {t.of('hearing_finding', d.hearing.finding)} ({t.dateTime(d.hearing.held_at)}, <bdi>{d.hearing.held_by}</bdi>)
            <div>
              {t('custody_life.statement')} <bdi>{d.hearing.detainee_statement}</bdi>
            </div>
          </>
        ) : (
          <span class="muted">{t('custody_life.not_heard')}</span>
        )}
      </td>
      <td>
        {d.sanction ? (
          <>
            {t.of('sanction_kind', d.sanction.kind)}
            {d.sanction.days !== null ? <div class="muted">{t('custody_life.duration', { days: t.number(d.sanction.days), from: t.dateTime(d.sanction.starts_at) })}</div> : null}
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        {d.appeal ? (
          <>
            {t.of('contestant', d.appeal.appellant)}: <bdi>{d.appeal.grounds}</bdi>
            <div class="muted">{d.appeal.decision ? <>{t.of('sanction_appeal_outcome', d.appeal.decision.outcome)}: <bdi>{d.appeal.decision.reasons}</bdi></> : t('custody_life.appeal_pending')}</div>
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        <Badge tone={d.status === 'quashed' || d.status === 'dismissed' ? 'ok' : d.status === 'charged' || d.status === 'under_appeal' ? 'warn' : 'info'}>{t.of('discipline_status', d.status)}</Badge>
      </td>
    </tr>
  );
}

export function CustodyLifePage(props: { view: View; personId: string; data: PersonCustodyLife; forms: CustodyLifeForms; now: Date; notice?: string }): Html {
  const { view, data, personId } = props;
  const { t } = view;
  return (
    <>
      {props.notice ? (
        <p class="banner ok" role="status">
          {t.of('custody_life_notice', props.notice)}
        </p>
      ) : null}
      <section id="classifications" aria-labelledby="classifications-heading">
        <h2 id="classifications-heading">{t('custody_life.classifications')}</h2>
        <p class="hint">{t('custody_life.safeguards_stay')}</p>
        {data.classifications.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('custody_life.assessed_at')}</th>
                  <th scope="col">{t('custody_life.category_risk')}</th>
                  <th scope="col">{t('custody_life.reasons')}</th>
                  <th scope="col">{t('custody_life.review')}</th>
                  <th scope="col">{t('custody_life.contest')}</th>
                </tr>
              </thead>
              <tbody>
                {data.classifications.map((c) => (
                  <ClassificationRow view={view} c={c} />
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">{t('custody_life.none_classified')}</p>
        )}
        {view.can('custody_life.record') ? (
          <ActionForm view={view} action={`/persons/${personId}/classifications`} title={t('custody_life.assess')} form={formOf(props.forms, 'assess')} submit={t('custody_life.assess')}>
            <div class="grid-3">
              <Select form={formOf(props.forms, 'assess')} name="/category" label={t('custody_life.category')} options={choices(view, 'security_category', securityCategories)} required />
              <Select form={formOf(props.forms, 'assess')} name="/risk" label={t('custody_life.risk')} options={choices(view, 'risk_level', riskLevels)} required />
            </div>
            <TextArea form={formOf(props.forms, 'assess')} name="/reasons" label={t('custody_life.reasons')} hint={t('custody_life.reasons_hint')} rows={3} required />
            <div class="grid-3">
              <Input form={formOf(props.forms, 'assess')} name="/assessed_at" type="datetime-local" label={t('custody_life.assessed_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
              <Input form={formOf(props.forms, 'assess')} name="/review_due" type="datetime-local" label={t('custody_life.review_due')} hint={t('case.local_time_hint')} dir="ltr" required />
            </div>
          </ActionForm>
        ) : null}
      </section>
      <section id="discipline" aria-labelledby="discipline-heading">
        <h2 id="discipline-heading">{t('custody_life.discipline')}</h2>
        <p class="hint">{t('custody_life.prohibited_hint')}</p>
        {data.discipline.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('custody_life.charge')}</th>
                  <th scope="col">{t('custody_life.hearing')}</th>
                  <th scope="col">{t('custody_life.sanction')}</th>
                  <th scope="col">{t('custody_life.appeal')}</th>
                  <th scope="col">{t('custody_life.status')}</th>
                </tr>
              </thead>
              <tbody>
                {data.discipline.map((d) => (
                  <DisciplineRow view={view} d={d} />
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">{t('custody_life.no_discipline')}</p>
        )}
        {view.can('custody_life.record') ? (
          <ActionForm view={view} action={`/persons/${personId}/discipline`} title={t('custody_life.charge_action')} form={formOf(props.forms, 'charge')} submit={t('custody_life.charge_action')}>
            <Select form={formOf(props.forms, 'charge')} name="/offence" label={t('custody_life.offence')} options={choices(view, 'disciplinary_offence', Object.keys(disciplinaryOffences))} required />
            <TextArea form={formOf(props.forms, 'charge')} name="/act" label={t('custody_life.act')} rows={2} required />
            <div class="grid-3">
              <Input form={formOf(props.forms, 'charge')} name="/act_at" type="datetime-local" label={t('custody_life.act_at')} hint={t('case.local_time_hint')} dir="ltr" required />
              <Input form={formOf(props.forms, 'charge')} name="/charged_at" type="datetime-local" label={t('custody_life.charged_at')} hint={t('custody_life.charged_at_hint')} dir="ltr" value={localNow(props.now)} required />
            </div>
          </ActionForm>
        ) : null}
      </section>
    </>
  );
}
