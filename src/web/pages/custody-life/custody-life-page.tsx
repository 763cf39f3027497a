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
import { contestants, contestOutcomes, riskLevels, securityCategories } from '../../../domain/classification.ts';
import { appealOutcomes, appellants, hearingFindings, type DisciplinaryCase } from '../../../domain/discipline.ts';
import { permittedSanctions } from '../../../domain/sanction.ts';
import type { ClassificationView, PersonCustodyLife } from '../../../queries/custody-life.ts';

/** Forms by name: `assess`, `charge`, and `<step>-<id>` for a step on one classification or case. */
export type CustodyLifeForms = Readonly<Record<string, FormState>>;

const choices = (view: View, group: Parameters<View['t']['of']>[0], values: readonly string[]) => values.map((v) => [v, view.t.of(group, v as never)] as const);
const formOf = (forms: CustodyLifeForms, name: string): FormState => forms[name] ?? { ...emptyForm, scope: name };

/** The steps the reader may take on one classification: the detainee's contest, its decision. */
function ClassificationSteps(props: { view: View; c: ClassificationView; personId: string; forms: CustodyLifeForms; now: Date }): Html | null {
  const { view, c } = props;
  const { t } = view;
  const action = (step: string) => `/persons/${props.personId}/classifications/${c.id}/${step}`;
  if (c.status === 'current' && !c.contest && view.can('custody_life.record')) {
    const form = formOf(props.forms, `contest-${c.id}`);
    return (
      <ActionForm view={view} action={action('contest')} title={t('custody_life.contest_action')} form={form} submit={t('custody_life.contest_action')}>
        <Select form={form} name="/contestant" label={t('custody_life.contestant')} options={choices(view, 'contestant', contestants)} required />
        <TextArea form={form} name="/grounds" label={t('custody_life.grounds')} rows={2} required />
        <Input form={form} name="/lodged_at" type="datetime-local" label={t('custody_life.lodged_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
      </ActionForm>
    );
  }
  if (c.contest && !c.contest.decision && view.can('custody_life.decide')) {
    const form = formOf(props.forms, `contest-decision-${c.id}`);
    return (
      <ActionForm view={view} action={action('contest-decision')} title={t('custody_life.decide_contest')} form={form} submit={t('custody_life.decide_contest')}>
        <p class="hint">{t('custody_life.not_the_assessor')}</p>
        <Select form={form} name="/outcome" label={t('custody_life.outcome')} options={choices(view, 'contest_outcome', contestOutcomes)} required />
        <TextArea form={form} name="/reasons" label={t('custody_life.reasons')} rows={2} required />
        <Input form={form} name="/decided_at" type="datetime-local" label={t('custody_life.decided_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
      </ActionForm>
    );
  }
  return null;
}

/** The steps the reader may take on one disciplinary case: hearing, sanction, appeal, the appeal's decision. */
function DisciplineSteps(props: { view: View; d: DisciplinaryCase; personId: string; forms: CustodyLifeForms; now: Date }): Html | null {
  const { view, d } = props;
  const { t } = view;
  const action = (step: string) => `/persons/${props.personId}/discipline/${d.id}/${step}`;
  const at = (form: FormState, name: string, label: string) => <Input form={form} name={name} type="datetime-local" label={label} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />;
  if (d.status === 'charged' && view.can('custody_life.decide')) {
    const form = formOf(props.forms, `hearing-${d.id}`);
    return (
      <ActionForm view={view} action={action('hearing')} title={t('custody_life.hear')} form={form} submit={t('custody_life.hear')}>
        {at(form, '/held_at', t('custody_life.held_at'))}
        <TextArea form={form} name="/detainee_statement" label={t('custody_life.detainee_statement')} hint={t('custody_life.statement_hint')} rows={3} required />
        <div class="grid-3">
          <Input form={form} name="/interpreter" label={t('custody_life.interpreter')} />
          <Input form={form} name="/counsel" label={t('custody_life.counsel')} />
          <Select form={form} name="/finding" label={t('custody_life.finding')} options={choices(view, 'hearing_finding', hearingFindings)} required />
        </div>
        <TextArea form={form} name="/reasons" label={t('custody_life.reasons')} rows={2} required />
      </ActionForm>
    );
  }
  if (d.status === 'proven' && view.can('custody_life.decide')) {
    const form = formOf(props.forms, `sanction-${d.id}`);
    return (
      <ActionForm view={view} action={action('sanction')} title={t('custody_life.impose')} form={form} submit={t('custody_life.impose')}>
        <div class="grid-3">
          <Select form={form} name="/kind" label={t('custody_life.sanction')} options={choices(view, 'sanction_kind', permittedSanctions)} required />
          <Input form={form} name="/days" label={t('custody_life.days')} hint={t('custody_life.days_hint')} dir="ltr" inputmode="numeric" />
          {at(form, '/starts_at', t('custody_life.starts_at'))}
        </div>
      </ActionForm>
    );
  }
  // A sanction that lasts has its end recorded, whatever else stands (a solitary confinement's end ends the segregation it is).
  const lasting = d.sanction && d.sanction.days !== null && !d.sanction.ended_at && d.status !== 'quashed' && view.can('custody_life.record');
  const end = lasting ? formOf(props.forms, `sanction-end-${d.id}`) : null;
  const endForm = end ? (
    <ActionForm view={view} action={action('sanction-end')} title={t('custody_life.end_sanction')} form={end} submit={t('custody_life.end_sanction')}>
      {at(end, '/ended_at', t('custody_life.ended_at'))}
      <TextArea form={end} name="/reason" label={t('custody_life.end_reason')} hint={t('custody_life.end_reason_hint')} rows={2} required />
    </ActionForm>
  ) : null;
  if (d.status === 'sanctioned' && view.can('custody_life.record')) {
    const form = formOf(props.forms, `appeal-${d.id}`);
    return (
      <>
        {endForm}
        <ActionForm view={view} action={action('appeal')} title={t('custody_life.appeal_action')} form={form} submit={t('custody_life.appeal_action')}>
          <Select form={form} name="/appellant" label={t('custody_life.appellant')} options={choices(view, 'contestant', appellants)} required />
          <TextArea form={form} name="/grounds" label={t('custody_life.grounds')} rows={2} required />
          {at(form, '/lodged_at', t('custody_life.lodged_at'))}
        </ActionForm>
      </>
    );
  }
  if (d.status === 'under_appeal' && view.can('custody_life.appeal_decide')) {
    const form = formOf(props.forms, `appeal-decision-${d.id}`);
    return (
      <>
        {endForm}
        <ActionForm view={view} action={action('appeal-decision')} title={t('custody_life.decide_appeal')} form={form} submit={t('custody_life.decide_appeal')}>
          <Select form={form} name="/outcome" label={t('custody_life.outcome')} options={choices(view, 'sanction_appeal_outcome', appealOutcomes)} required />
          <TextArea form={form} name="/reasons" label={t('custody_life.reasons')} rows={2} required />
          {at(form, '/decided_at', t('custody_life.decided_at'))}
        </ActionForm>
      </>
    );
  }
  return endForm;
}

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
          {t('custody_life.assessed_by')} <bdi>{view.official(c.assessed_by)}</bdi>
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
                  {t.of('contest_outcome', c.contest.decision.outcome)} ({t.dateTime(c.contest.decision.decided_at)}, <bdi>{view.official(c.contest.decision.decided_by)}</bdi>): <bdi>{c.contest.decision.reasons}</bdi>
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
        <bdi>{d.title ?? d.offence}</bdi> <span class="muted" dir="ltr">{d.rule}</span>
        <div>
          <bdi>{d.act}</bdi>
        </div>
        <div class="muted">
          {t('custody_life.charged', { at: t.dateTime(d.charged_at) })} <bdi>{view.official(d.charged_by)}</bdi>
        </div>
      </td>
      <td>
        {d.hearing ? (
          <>
            {t.of('hearing_finding', d.hearing.finding)} ({t.dateTime(d.hearing.held_at)}, <bdi>{view.official(d.hearing.held_by)}</bdi>)
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
            {d.sanction.ended_at ? <div class="muted">{t('custody_life.sanction_ended_at', { at: t.dateTime(d.sanction.ended_at) })}</div> : null}
            {d.sanction.kind === 'solitary_confinement' ? <div class="muted">{t('custody_life.solitary_is_segregation')}</div> : null}
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

/** A record's row, and under it, across the five columns, the forms of its next steps (when the reader may take any). */
function RowWithSteps(props: { row: Html; steps: Html | null }): Html {
  return (
    <>
      {props.row}
      {props.steps ? (
        <tr>
          <td colspan="5">{props.steps}</td>
        </tr>
      ) : null}
    </>
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
                  <RowWithSteps row={<ClassificationRow view={view} c={c} />} steps={ClassificationSteps({ view, c, personId, forms: props.forms, now: props.now })} />
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
                  <RowWithSteps row={<DisciplineRow view={view} d={d} />} steps={DisciplineSteps({ view, d, personId, forms: props.forms, now: props.now })} />
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">{t('custody_life.no_discipline')}</p>
        )}
        {view.can('custody_life.record') ? (
          <ActionForm view={view} action={`/persons/${personId}/discipline`} title={t('custody_life.charge_action')} form={formOf(props.forms, 'charge')} submit={t('custody_life.charge_action')}>
            {data.rules ? (
              <p class="hint">
                {t('custody_life.rules_in_force', { from: t.date(`${data.rules.effective_from}T12:00:00Z`) })} <bdi>{data.rules.legal_basis}</bdi>{' '}
                <a href={`/facilities/${data.rules.facility_id}/disciplinary-rules`}>{t('custody_life.rules_link')}</a>
              </p>
            ) : (
              <p class="hint">{t('custody_life.no_rules')}</p>
            )}
            <Select form={formOf(props.forms, 'charge')} name="/offence" label={t('custody_life.offence')} options={(data.rules?.offences ?? []).map((o) => [o.code, `${o.rule} — ${o.title}`] as const)} required />
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
