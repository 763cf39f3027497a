/**
 * Where a case stands: its stage, the verdict, the sentence and the appeal; and the forms that
 * move it on — the stage a clerk may set, the verdict and sentence a judge's account records,
 * the appeal lodged and the appeal court's decision. Each form is offered when the case is at
 * the point where it applies, and stays where it was sent when the register refused it.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Input, Radios, Select } from '../../components.tsx';
import { localNow, type FormState } from '../../forms.ts';
import { appealOutcomes, stageTransitions, verdictOutcomes } from '../../../domain/case.ts';
import type { View } from '../../view.ts';
import { ActionForm, refused } from './action-form.tsx';
import { sentenceKinds } from './forms.ts';
import { sentenceText } from './penalty.ts';
import type { CaseAction, CaseView } from './views.ts';

function SentenceControls(props: { view: View; form: FormState }): Html {
  const { view, form } = props;
  const { t } = view;
  return (
    <fieldset>
      <legend>{t('case.sentence')}</legend>
      <Radios form={form} name="/sentence/kind" legend={t('case.sentence_kind')} options={sentenceKinds.map((k) => [k, t.of('sentence_kind', k)] as const)} />
      <div class="grid-2">
        <Input form={form} name="/sentence/years" type="number" label={t('case.years')} dir="ltr" inputmode="numeric" />
        <Input form={form} name="/sentence/months" type="number" label={t('case.months')} dir="ltr" inputmode="numeric" />
      </div>
    </fieldset>
  );
}

export function JudgmentSection(props: { view: View; case: CaseView; form: (action: CaseAction) => FormState; now: Date }): Html {
  const { view, form } = props;
  const { t, can } = view;
  const c = props.case;
  const at = localNow(props.now);
  const stages = stageTransitions[c.stage].filter((s) => s !== 'verdict' && s !== 'appeal');
  return (
    <section aria-labelledby="judgment-heading" id="judgment">
      <h2 id="judgment-heading">{t('case.judgment_heading')}</h2>
      <dl class="facts">
        <dt>{t('case.stage')}</dt>
        <dd>{t.of('case_stage', c.stage)}</dd>
        <dt>{t('case.verdict')}</dt>
        <dd>{c.verdict ? <>{t.of('verdict_outcome', c.verdict.outcome)} · {t.dateTime(c.verdict.at)} · <bdi>{c.verdict.judge}</bdi></> : t('case.none_yet')}</dd>
        <dt>{t('case.sentence')}</dt>
        <dd>
          {c.sentence ? (
            <>
              {sentenceText(t, c.sentence.sentence)} · {t.dateTime(c.sentence.at)}
              {c.sentence.judge ? <> · <bdi>{c.sentence.judge}</bdi></> : null}
              {c.sentence.on_appeal ? <> · {t('case.on_appeal')}</> : null}
            </>
          ) : (
            t('case.none_yet')
          )}
        </dd>
        <dt>{t('case.appeal')}</dt>
        <dd>
          {c.appeal ? (
            <>
              {t('case.appeal_lodged_at', { at: t.dateTime(c.appeal.lodged_at) })}
              {c.appeal.outcome ? <> · {t.of('appeal_outcome', c.appeal.outcome)} · {c.appeal.decided_at ? t.dateTime(c.appeal.decided_at) : ''}</> : <> · {t('case.appeal_pending')}</>}
            </>
          ) : (
            t('case.none_yet')
          )}
        </dd>
      </dl>
      {can('case.manage') && (stages.length || refused(form('stage'))) ? (
        <ActionForm view={view} action={`/cases/${c.id}/stage`} title={t('case.change_stage')} form={form('stage')} submit={t('case.change')}>
          <Select form={form('stage')} name="/stage" label={t('case.new_stage')} options={stages.map((s) => [s, t.of('case_stage', s)] as const)} required />
        </ActionForm>
      ) : null}
      {can('case.decide') && (c.stage === 'trial' || refused(form('verdict'))) ? (
        <ActionForm view={view} action={`/cases/${c.id}/verdict`} title={t('case.record_verdict')} form={form('verdict')} submit={t('case.record')}>
          <div class="grid-2">
            <Input form={form('verdict')} name="/at" type="datetime-local" label={t('case.judged_at')} hint={t('case.local_time_hint')} dir="ltr" value={at} required />
            <Input form={form('verdict')} name="/judge" label={t('case.judge')} value={c.judge ?? ''} required />
          </div>
          <Radios form={form('verdict')} name="/outcome" legend={t('case.verdict')} options={verdictOutcomes.map((o) => [o, t.of('verdict_outcome', o)] as const)} />
        </ActionForm>
      ) : null}
      {can('case.decide') && ((c.verdict?.outcome === 'convicted' && !c.sentence) || refused(form('sentence'))) ? (
        <ActionForm view={view} action={`/cases/${c.id}/sentence`} title={t('case.record_sentence')} form={form('sentence')} submit={t('case.record')}>
          <div class="grid-2">
            <Input form={form('sentence')} name="/at" type="datetime-local" label={t('case.judged_at')} hint={t('case.local_time_hint')} dir="ltr" value={at} required />
            <Input form={form('sentence')} name="/judge" label={t('case.judge')} value={c.judge ?? ''} required />
          </div>
          <SentenceControls view={view} form={form('sentence')} />
        </ActionForm>
      ) : null}
      {can('case.manage') && ((c.stage === 'verdict' && c.verdict) || refused(form('appeals'))) ? (
        <ActionForm view={view} action={`/cases/${c.id}/appeals`} title={t('case.lodge_appeal')} form={form('appeals')} submit={t('case.record')}>
          <Input form={form('appeals')} name="/at" type="datetime-local" label={t('case.lodged_at')} hint={t('case.local_time_hint')} dir="ltr" value={at} required />
        </ActionForm>
      ) : null}
      {can('case.decide') && ((c.appeal && !c.appeal.outcome) || refused(form('appeal-decision'))) ? (
        <ActionForm view={view} action={`/cases/${c.id}/appeal-decision`} title={t('case.decide_appeal')} form={form('appeal-decision')} submit={t('case.record')}>
          <Input form={form('appeal-decision')} name="/at" type="datetime-local" label={t('case.judged_at')} hint={t('case.local_time_hint')} dir="ltr" value={at} required />
          <Radios form={form('appeal-decision')} name="/outcome" legend={t('case.appeal_outcome')} options={appealOutcomes.map((o) => [o, t.of('appeal_outcome', o)] as const)} />
          <p class="hint">{t('case.changed_sentence_hint')}</p>
          <SentenceControls view={view} form={form('appeal-decision')} />
        </ActionForm>
      ) : null}
    </section>
  );
}
