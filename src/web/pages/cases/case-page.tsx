/**
 * A case's page: whose case it is, the court, judge and prosecutor, the stage; its charges,
 * orders (with when each runs out and who stands behind it), appearances, hearings (with
 * warnings where a safeguard was missing), counsel and their visits, interrogation sessions,
 * and the verdict, sentence and appeal — each section with the forms open to the reader.
 * The page prints as the case file (the forms are left off the paper).
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, mainName, Name, RegNo } from '../../components.tsx';
import { emptyForm, type FormState } from '../../forms.ts';
import type { View } from '../../view.ts';
import { ActionForm } from './action-form.tsx';
import { AppearancesSection } from './appearances.tsx';
import { ChargeRows, ChargesTable, chargeValues } from './charges.tsx';
import { CounselSection } from './counsel.tsx';
import { HearingOutcomeForm, HearingsTable, ScheduleHearingForm } from './hearings.tsx';
import { InterrogationsSection } from './interrogations.tsx';
import { JudgmentSection } from './judgment.tsx';
import { OrdersTable } from './orders.tsx';
import type { CaseAction, CaseDetail, CaseForms } from './views.ts';

/** Where a court's docket is, for a day (YYYY-MM-DD) or today. */
export const docketHref = (court: string, date?: string) => `/courts/${encodeURIComponent(court)}/docket${date ? `?date=${date}` : ''}`;

export const stageTone = (stage: string): 'info' | 'ok' | 'warn' => (stage === 'final' ? 'ok' : stage === 'appeal' || stage === 'verdict' ? 'warn' : 'info');

export function CasePage(props: { view: View; detail: CaseDetail; forms: CaseForms; notice?: string; now: Date }): Html {
  const { view, detail, forms, now } = props;
  const { t, can } = view;
  const c = detail.case;
  const form = (a: CaseAction): FormState => forms.actions?.[a] ?? { ...emptyForm, scope: a };
  const name = mainName(detail.names, view);
  const amend = forms.actions?.charges ?? { ...emptyForm, scope: 'charges', values: chargeValues(c.charges) };
  return (
    <>
      {props.notice ? (
        <p class="banner ok" role="status">
          {t.of('case_notice', props.notice)}
        </p>
      ) : null}
      <p class="lead">
        <a href={`/persons/${c.person_id}#cases`}>{name ? <Name full={name.full} script={name.script} /> : <RegNo value={c.register_number} />}</a> · <RegNo value={c.register_number} />{' '}
        <Badge tone={stageTone(c.stage)}>{t.of('case_stage', c.stage)}</Badge>
      </p>
      <dl class="facts">
        <dt>{t('case.reference')}</dt>
        <dd>
          <bdi dir="ltr">{c.reference}</bdi>
        </dd>
        <dt>{t('case.court')}</dt>
        <dd>
          <a href={docketHref(c.court)}>
            <bdi>{c.court}</bdi>
          </a>
        </dd>
        <dt>{t('case.judge')}</dt>
        <dd>{c.judge ? <bdi>{c.judge}</bdi> : '—'}</dd>
        <dt>{t('case.prosecutor')}</dt>
        <dd>{c.prosecutor ? <bdi>{c.prosecutor}</bdi> : '—'}</dd>
        <dt>{t('case.opened')}</dt>
        <dd>
          {t.dateTime(c.opened_at)} · <bdi>{view.official(c.opened_by)}</bdi>
        </dd>
      </dl>
      <div class="actions no-print">
        {can('case.manage') ? (
          <a class="button" href={`/cases/${c.id}/orders/new`}>
            {t('case.enter_order')}
          </a>
        ) : null}
        <a class="button secondary" href={docketHref(c.court)}>
          {t('case.court_docket')}
        </a>
      </div>

      <section aria-labelledby="charges-heading" id="charges">
        <h2 id="charges-heading">{t('case.charges')}</h2>
        <ChargesTable view={view} charges={c.charges} />
        {can('case.manage') && c.stage !== 'final' ? (
          <ActionForm view={view} action={`/cases/${c.id}/charges`} title={t('case.amend_charges')} form={amend} submit={t('case.save')}>
            <ChargeRows view={view} form={amend} recorded={c.charges.length} />
          </ActionForm>
        ) : null}
      </section>

      <section aria-labelledby="orders-heading" id="orders">
        <h2 id="orders-heading">{t('case.orders_heading')}</h2>
        <OrdersTable view={view} detail={detail} confirm={forms.confirm} />
      </section>

      <AppearancesSection view={view} case={c} forms={{ appearance: form('appearances'), extension: form('appearance-extensions') }} now={now} />

      <section aria-labelledby="hearings-heading" id="hearings">
        <h2 id="hearings-heading">{t('case.hearings_heading')}</h2>
        <HearingsTable view={view} case={c} />
        {can('case.manage') ? (
          <>
            {c.hearings
              .filter((hearing) => hearing.status === 'scheduled')
              .map((hearing) => (
                <HearingOutcomeForm view={view} case={c} hearing={hearing} form={forms.outcome?.hearingId === hearing.hearing_id ? forms.outcome.form : undefined} now={now} />
              ))}
            <ScheduleHearingForm view={view} case={c} form={form('hearings')} now={now} facilities={detail.facilities} />
          </>
        ) : null}
      </section>

      <CounselSection view={view} case={c} facilities={detail.facilities} forms={{ counsel: form('counsel'), visit: form('counsel-visits') }} now={now} />
      <InterrogationsSection view={view} case={c} form={form('interrogations')} now={now} />
      <JudgmentSection view={view} case={c} form={form} now={now} />
    </>
  );
}
