/** Appearances before the investigative judge (the person's first, across their cases, is the first appearance) and extensions of the time to it; their forms. */
import { h, type Html } from '../../jsx.ts';
import { Input } from '../../components.tsx';
import { localNow, type FormState } from '../../forms.ts';
import type { View } from '../../view.ts';
import { ActionForm } from './action-form.tsx';
import type { CaseView } from './views.ts';

export function AppearancesSection(props: { view: View; case: CaseView; forms: { appearance: FormState; extension: FormState }; now: Date }): Html {
  const { view } = props;
  const { t } = view;
  const c = props.case;
  return (
    <section aria-labelledby="appearances-heading" id="appearances">
      <h2 id="appearances-heading">{t('case.appearances_heading')}</h2>
      {c.appearances.length ? (
        <ul>
          {c.appearances.map((a) => (
            <li>
              {t.of('appearance_kind', a.kind)} · {t.dateTime(a.at)} · <bdi>{a.judge}</bdi>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('case.no_appearances')}</p>
      )}
      {view.can('case.manage') ? (
        <ActionForm view={view} action={`/cases/${c.id}/appearances`} title={t('case.record_appearance')} form={props.forms.appearance} submit={t('case.record')}>
          <div class="grid-2">
            <Input form={props.forms.appearance} name="/at" type="datetime-local" label={t('case.appearance_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
            <Input form={props.forms.appearance} name="/judge" label={t('case.judge')} value={c.judge ?? ''} required />
          </div>
        </ActionForm>
      ) : null}
      {view.can('case.decide') ? (
        <ActionForm view={view} action={`/cases/${c.id}/appearance-extensions`} title={t('case.extend_appearance')} form={props.forms.extension} submit={t('case.extend')}>
          <p class="hint">{t('case.extend_appearance_hint')}</p>
          <div class="grid-2">
            <Input form={props.forms.extension} name="/at" type="datetime-local" label={t('case.extended_at')} hint={t('case.local_time_hint')} dir="ltr" value={localNow(props.now)} required />
            <Input form={props.forms.extension} name="/judge" label={t('case.judge')} value={c.judge ?? ''} required />
          </div>
        </ActionForm>
      ) : null}
    </section>
  );
}
