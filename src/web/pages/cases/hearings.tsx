/**
 * A case's hearings: when, which court, for what; scheduled, held or adjourned (and why); who
 * was present; and a warning where counsel or an interpreter was required and missing. The
 * forms to schedule one and to record how a scheduled one went.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, Checkbox, Input, Radios, Select } from '../../components.tsx';
import { emptyForm, localNow, type FormState } from '../../forms.ts';
import { hearingOutcomes } from '../../../domain/case-hearing.ts';
import type { View } from '../../view.ts';
import { ActionForm } from './action-form.tsx';
import type { CaseView, HearingView } from './views.ts';

const statusTone: Readonly<Record<HearingView['status'], 'info' | 'ok' | 'warn'>> = { scheduled: 'info', held: 'ok', adjourned: 'warn' };

function Present(props: { view: View; hearing: HearingView }): Html {
  const { t } = props.view;
  const p = props.hearing.present;
  if (!p) return <>—</>;
  const who: [string, string | null][] = [
    ['judge', p.judge],
    ['prosecutor', p.prosecutor],
    ['counsel', p.counsel],
    ['interpreter', p.interpreter],
  ];
  return (
    <ul class="plain">
      {who.map(([role, name]) => (
        <li>
          {t.of('present_role', role)}: {name ? <bdi>{name}</bdi> : <span class="muted">{t('case.absent')}</span>}
        </li>
      ))}
    </ul>
  );
}

export function HearingsTable(props: { view: View; case: CaseView }): Html {
  const { view } = props;
  const { t } = view;
  const hearings = props.case.hearings;
  if (!hearings.length) return <p class="muted">{t('case.no_hearings')}</p>;
  const flagged = hearings.filter((h) => h.flags.length).length;
  return (
    <>
      {flagged ? (
        <p class="banner warn" role="alert">
          {t('case.hearings_flagged', { count: flagged })}
        </p>
      ) : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('case.hearing_at')}</th>
              <th scope="col">{t('case.purpose')}</th>
              <th scope="col">{t('case.hearing_status')}</th>
              <th scope="col">{t('case.present')}</th>
            </tr>
          </thead>
          <tbody>
            {hearings.map((hearing) => (
              <tr data-hearing={hearing.hearing_id} data-status={hearing.status} class={hearing.flags.length ? 'row-warn' : undefined}>
                <td>
                  {t.dateTime(hearing.at)}
                  <div class="muted">
                    <bdi>{hearing.court}</bdi>
                  </div>
                </td>
                <td>
                  <bdi>{hearing.purpose}</bdi>
                </td>
                <td>
                  <Badge tone={statusTone[hearing.status]}>{t.of('hearing_status', hearing.status)}</Badge>
                  {hearing.held_at ? <div class="muted">{t.dateTime(hearing.held_at)}</div> : null}
                  {hearing.adjourned_reason ? (
                    <div>
                      {t('case.adjourned_because')} <bdi>{hearing.adjourned_reason}</bdi>
                    </div>
                  ) : null}
                  {hearing.flags.map((f) => (
                    <div>
                      <Badge tone="warn">{t.of('hearing_flag', f)}</Badge>
                    </div>
                  ))}
                </td>
                <td>
                  <Present view={view} hearing={hearing} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Scheduling a hearing (it may lie ahead). */
export function ScheduleHearingForm(props: { view: View; case: CaseView; form: FormState; now: Date; facilities: readonly { id: string; name: string; kind: string }[] }): Html {
  const { view, form } = props;
  const { t } = view;
  const holdings = props.facilities.filter((f) => f.kind === 'court_holding').map((f) => [f.id, f.name] as const);
  return (
    <ActionForm view={view} action={`/cases/${props.case.id}/hearings`} title={t('case.schedule_hearing')} form={form} submit={t('case.schedule')}>
      <div class="grid-3">
        <Input form={form} name="/at" type="datetime-local" label={t('case.hearing_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
        <Input form={form} name="/court" label={t('case.court')} hint={t('case.hearing_court_hint')} />
        <Input form={form} name="/purpose" label={t('case.purpose')} required />
      </div>
      <Select form={form} name="/holding_facility_id" label={t('case.holding_facility')} hint={t('case.holding_facility_hint')} options={holdings} blank={t('case.not_produced')} />
    </ActionForm>
  );
}

/** Recording how a scheduled hearing went: held or adjourned, and who was present. */
export function HearingOutcomeForm(props: { view: View; case: CaseView; hearing: HearingView; form: FormState | undefined; now: Date }): Html {
  const { view } = props;
  const { t } = view;
  const form = props.form ?? { ...emptyForm, scope: `outcome-${props.hearing.hearing_id.slice(0, 8)}` };
  const c = props.case;
  return (
    <ActionForm view={view} action={`/cases/${c.id}/hearings/${props.hearing.hearing_id}/outcome`} title={t('case.record_outcome', { at: t.dateTime(props.hearing.at) })} form={form} submit={t('case.record')}>
      <div class="grid-2">
        <Input form={form} name="/at" type="datetime-local" label={t('case.held_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
        <Radios form={form} name="/outcome" legend={t('case.hearing_status')} value="held" options={hearingOutcomes.map((o) => [o, t.of('hearing_status', o)] as const)} />
      </div>
      <Input form={form} name="/adjourned_reason" label={t('case.adjourned_reason')} hint={t('case.adjourned_reason_hint')} />
      <fieldset>
        <legend>{t('case.present')}</legend>
        <p class="hint">{t('case.present_hint')}</p>
        <div class="grid-2">
          <Input form={form} name="/present/judge" label={t.of('present_role', 'judge')} value={c.judge ?? ''} required />
          <Input form={form} name="/present/prosecutor" label={t.of('present_role', 'prosecutor')} value={c.prosecutor ?? ''} />
          <Input form={form} name="/present/counsel" label={t.of('present_role', 'counsel')} />
          <Input form={form} name="/present/interpreter" label={t.of('present_role', 'interpreter')} />
        </div>
        <Checkbox form={form} name="/interpreter_required" label={t('case.interpreter_required')} />
      </fieldset>
    </ActionForm>
  );
}
