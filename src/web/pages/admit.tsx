/**
 * Admission with every item of STANDARDS section A, each given or recorded as "unknown,
 * because …" (which opens a follow-up task). The legal basis comes first: nobody is admitted
 * without a commitment order or a handover document. The API decides; its refusals appear
 * next to the item they concern.
 */
import { matchThresholds } from '../../config.ts';
import { duplicateQuestions, type DuplicateQuestion } from '../../queries/duplicate-questions.ts';
import { DuplicateQuestionList } from '../duplicate-questions.tsx';
import { h, Fragment, type Html } from '../jsx.ts';
import { page, messagePage } from '../layout.tsx';
import { Checkbox, DateInput, ErrorSummary, FormKeys, Input, Name, Radios, RegNo, Select, TextArea, mainName } from '../components.tsx';
import { callApi, formKey, instantFromLocal, localNow, postedValues, withErrors, withProblem, type FormState } from '../forms.ts';
import { dateProblemMessage, dateProblemPatterns, dateValue, readDate, readDateTime } from '../form-dates.ts';
import { localeInfo, type Translator } from '../i18n.ts';
import { admissionItemNames } from '../../domain/events.ts';
import { legalStatuses } from '../../domain/placement.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import { facilities, personRecord, type FacilityView, type PersonRecord } from '../../api/read-models.ts';
import { admissible, isUuid } from './person.tsx';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

type ItemName = (typeof admissionItemNames)[number];

/** The known-value controls of each item: [field under the item, kind of control, whether a known item needs it]. */
const itemFields: Readonly<Record<ItemName, readonly (readonly [string, 'text' | 'datetime' | 'area' | 'check', boolean?])[]>> = {
  first_deprivation: [['at', 'datetime', true], ['place', 'text', true], ['authority', 'text', true]],
  ordering_authority: [['authority', 'text', true], ['law', 'text', true], ['article', 'text', true]],
  supervising_authority: [['authority', 'text', true]],
  injuries: [['visible_injuries', 'area'], ['ill_treatment_complaint', 'area']],
  property: [['items', 'area'], ['signed_by_detainee', 'check'], ['witnessed_by', 'text', true]],
  family: [['members/0/relation', 'text'], ['members/0/name', 'text'], ['members/0/age', 'text'], ['members/0/whereabouts', 'text'], ['members/0/cared_for_by', 'text']],
  emergency_contact: [['name', 'text', true], ['relation', 'text'], ['contact', 'text', true]],
  health_record: [['reference', 'text', true]],
  officials: [['arresting', 'text'], ['admitting', 'text', true]],
};

const controls = [
  '/duplicate_reason', '/unit_id', '/legal_status', '/admitted_at', '/capacity_override/reason', '/basis/kind', '/basis/reference', '/basis/issuing_authority', '/basis/issued_on',
  ...admissionItemNames.flatMap((name) => [`/items/${name}/state`, ...itemFields[name].map(([f]) => `/items/${name}/${f}`), `/items/${name}/unknown_reason`]),
];

/** An item's control's label, in the reader's language. */
const itemFieldLabel = (t: Translator, name: ItemName, f: string) => t.of('admit_field', `${name}.${f.replace(/^members\/0\//, 'member_')}`);

/**
 * What the form itself checks before anything is sent, in the order the controls stand: a
 * required answer, a date, a date and time. An item's controls are checked for the half of it
 * chosen (known or unknown). The server reads every check (readAdmission); a browser with
 * scripts is given the same list with its messages (admissionClientData) to check each step
 * before moving on.
 */
interface AdmissionCheck {
  readonly control: string;
  readonly kind: 'required' | 'date' | 'datetime';
  /** The control's label, as the message names it. */
  readonly label: string;
  /** For an item's controls: the item, and the half of it (known or unknown) the control belongs to. */
  readonly item?: ItemName;
  readonly when?: 'known' | 'unknown';
}

function admissionChecks(t: Translator): AdmissionCheck[] {
  // The item and the control named together, put as one label into the error's sentence: without
  // isolates of its own, so that the sentence's isolate takes its direction from the words.
  const itemLabel = (item: string, field: string) => t('admit.item_field', { item, field }).replace(/[\u2068\u2069]/g, '');
  const checks: AdmissionCheck[] = [
    { control: '/unit_id', kind: 'required', label: t('admit.unit') },
    { control: '/admitted_at', kind: 'datetime', label: t('admit.admitted_at') },
    { control: '/basis/reference', kind: 'required', label: t('admit.basis_reference') },
    { control: '/basis/issuing_authority', kind: 'required', label: t('admit.basis_authority') },
    { control: '/basis/issued_on', kind: 'date', label: t('admit.basis_issued_on') },
  ];
  for (const name of admissionItemNames) {
    const item = t.of('item', name);
    for (const [f, kind, required] of itemFields[name]) {
      const label = itemLabel(item, itemFieldLabel(t, name, f));
      if (kind === 'datetime') checks.push({ control: `/items/${name}/${f}`, kind: 'datetime', label, item: name, when: 'known' });
      else if (required) checks.push({ control: `/items/${name}/${f}`, kind: 'required', label, item: name, when: 'known' });
    }
    checks.push({ control: `/items/${name}/unknown_reason`, kind: 'required', label: itemLabel(item, t('admit.unknown_reason')), item: name, when: 'unknown' });
  }
  return checks;
}

/** Whether a check applies to the values given: an item's control only on the half of the item chosen. */
const applies = (check: AdmissionCheck, v: Readonly<Record<string, string>>) => !check.item || (v[`/items/${check.item}/state`] === 'unknown' ? 'unknown' : 'known') === check.when;

/**
 * The dates of the form read to what the API takes (local times, which instantFromLocal gives
 * the register's offset), and every error the form itself can see: a required answer missing,
 * a date that cannot be read or does not exist. Only the chosen half of each item is read.
 */
function readAdmission(t: Translator, v: Record<string, string>): { dates: Record<string, string>; errors: Map<string, string> } {
  const errors = new Map<string, string>();
  const dates: Record<string, string> = {};
  for (const check of admissionChecks(t)) {
    if (!applies(check, v)) continue;
    const { control, label } = check;
    if (check.kind === 'required') {
      if (!text(v, control)) errors.set(control, t('form.missing', { field: label }));
      continue;
    }
    const reading = check.kind === 'date' ? readDate(v[control]) : readDateTime(v[control]);
    if (reading.ok) dates[control] = reading.iso;
    else errors.set(control, dateProblemMessage(t, label, reading.problem, check.kind === 'datetime'));
  }
  return { dates, errors };
}

/**
 * What a browser with scripts needs to walk the steps in the page (assets/app.js): the steps,
 * the checks with their messages from the page's catalogue (a date's with the figures left for
 * it to fill), the summary's title for each number of problems, and the words of the trail, the
 * buttons and the review. Nothing in it is a rule of its own: the server checks all again.
 */
function admissionClientData(t: Translator): string {
  const checks = admissionChecks(t);
  return JSON.stringify({
    intl: localeInfo[t.locale].intl,
    steps: stepIds,
    checks: checks.map((c) => ({
      control: c.control,
      kind: c.kind,
      ...(c.item ? { item: c.item, when: c.when } : {}),
      messages: c.kind === 'required' ? { missing: t('form.missing', { field: c.label }) } : dateProblemPatterns(t, c.label, c.kind === 'datetime'),
    })),
    problems: checks.map((_, i) => t('form.problems', { count: i + 1 })),
    step_of: stepIds.map((_, i) => t('admit.step_of', { number: i + 1, count: stepIds.length })),
    titles: stepIds.map((id) => `${t('admit.title')} — ${t.of('admit_step', id)} — ${t('app.name')}`),
    continue: t('admit.continue'),
    submit: t('admit.submit'),
    unknown_because: t('admit.unknown_because', { reason: '{reason}' }),
    none_unknown: t('admit.none_unknown'),
  });
}

const text = (v: Record<string, string>, name: string) => (v[name] ?? '').trim();
const orNull = (s: string) => (s ? s : null);

/** One item as the API takes it. */
function itemValue(name: ItemName, v: Record<string, string>, dates: Readonly<Record<string, string>>): unknown {
  const at = (f: string) => text(v, `/items/${name}/${f}`);
  if (v[`/items/${name}/state`] === 'unknown') return { unknown_reason: at('unknown_reason') };
  switch (name) {
    case 'first_deprivation':
      return { at: instantFromLocal(dates['/items/first_deprivation/at']), place: at('place'), authority: at('authority') };
    case 'ordering_authority':
      return { authority: at('authority'), law: at('law'), article: at('article') };
    case 'supervising_authority':
      return { authority: at('authority') };
    case 'injuries':
      return { visible_injuries: orNull(at('visible_injuries')), ill_treatment_complaint: orNull(at('ill_treatment_complaint')) };
    case 'property':
      return {
        // One line per belonging: "2 × blanket", or just "watch" for one.
        items: at('items').split(/\r?\n/).map((line) => line.trim()).filter(Boolean).map((line) => {
          const m = line.match(/^(\d+)\s*[x×*]?\s+(.+)$/);
          return m ? { description: m[2]!, quantity: Number(m[1]) } : { description: line, quantity: 1 };
        }),
        signed_by_detainee: v[`/items/property/signed_by_detainee`] === 'yes',
        witnessed_by: at('witnessed_by'),
      };
    case 'family': {
      const member = at('members/0/name');
      const age = at('members/0/age');
      return {
        members: member
          ? [{ relation: at('members/0/relation'), name: member, age: age === '' ? null : /^\d+$/.test(age) ? Number(age) : age, whereabouts: at('members/0/whereabouts'), cared_for_by: orNull(at('members/0/cared_for_by')) }]
          : [],
      };
    }
    case 'emergency_contact':
      return { name: at('name'), relation: at('relation'), contact: at('contact') };
    case 'health_record':
      return { reference: at('reference') };
    case 'officials':
      return { arresting: at('arresting').split(/[,،]/).map((s) => s.trim()).filter(Boolean), admitting: at('admitting') };
  }
}

function admissionBody(personId: string, v: Record<string, string>, dates: Readonly<Record<string, string>>, units: ReadonlyMap<string, string>, mayOverride: boolean): Record<string, unknown> {
  const unit = v['/unit_id'] ?? '';
  const body: Record<string, unknown> = {
    person_id: personId,
    facility_id: units.get(unit) ?? unit,
    unit_id: unit,
    legal_status: v['/legal_status'],
    admitted_at: instantFromLocal(dates['/admitted_at']),
    basis: { kind: v['/basis/kind'], reference: text(v, '/basis/reference'), issuing_authority: text(v, '/basis/issuing_authority'), issued_on: dates['/basis/issued_on'] ?? '' },
    items: Object.fromEntries(admissionItemNames.map((name) => [name, itemValue(name, v, dates)])),
  };
  const override = text(v, '/capacity_override/reason');
  if (mayOverride && override) body.capacity_override = { reason: override };
  const despite = text(v, '/duplicate_reason');
  if (despite) body.duplicate_reason = despite;
  return body;
}

function ItemFieldset(props: { view: View; form: FormState; name: ItemName }): Html {
  const { view, form, name } = props;
  const { t } = view;
  const field = (f: string, kind: 'text' | 'datetime' | 'area' | 'check', required?: boolean) => {
    const control = `/items/${name}/${f}`;
    const label = itemFieldLabel(t, name, f);
    if (kind === 'area') return <TextArea form={form} name={control} label={label} hint={f === 'items' ? t('admit.property_hint') : undefined} />;
    // An unticked box sends nothing: the hidden "no" before it is what is sent then, so a box unticked stays unticked from step to step.
    if (kind === 'check')
      return (
        <>
          <input type="hidden" name={control} value="no" />
          <Checkbox form={form} name={control} label={label} checked />
        </>
      );
    if (kind === 'datetime') return <DateInput form={form} t={t} name={control} label={label} withTime required={required} />;
    return <Input form={form} name={control} label={label} hint={f === 'arresting' ? t('admit.arresting_hint') : undefined} required={required} />;
  };
  return (
    <fieldset class="item" id={`item-${name}`}>
      <legend>{t.of('item', name)}</legend>
      <Radios form={form} name={`/items/${name}/state`} legend={t('admit.known_or_unknown')} value="known" options={[['known', t('admit.known')], ['unknown', t('admit.unknown')]]} />
      <div class="known-part">
        <div class="grid-2">{itemFields[name].map(([f, kind, required]) => field(f, kind, required))}</div>
      </div>
      <div class="unknown-part">
        <Input form={form} name={`/items/${name}/unknown_reason`} label={t('admit.unknown_reason')} hint={t('admit.unknown_hint')} />
      </div>
    </fieldset>
  );
}

/**
 * The form in steps, one screen each: where and on what basis, then the items of STANDARDS
 * section A in three groups, then a review of everything with the items still unknown. Without
 * scripts each step is a round trip that carries the other steps' answers as hidden fields (no
 * draft written); with them the other steps come with the page as templates and are walked in it
 * (assets/app.js). Either way nothing is recorded before the review's button sends the whole admission.
 */
export const admissionSteps = [
  { id: 'placement', items: [] },
  { id: 'arrest', items: ['first_deprivation', 'ordering_authority', 'supervising_authority'] },
  { id: 'care', items: ['injuries', 'health_record', 'property'] },
  { id: 'people', items: ['family', 'emergency_contact', 'officials'] },
  { id: 'review', items: [] },
] as const satisfies readonly { id: string; items: readonly ItemName[] }[];
export type AdmissionStep = (typeof admissionSteps)[number]['id'];
const stepIds = admissionSteps.map((s) => s.id) as readonly AdmissionStep[];
const stepIndex = (id: string | undefined) => Math.max(0, stepIds.indexOf(id as AdmissionStep));

/** The step a control stands on: an item's controls on its item's step, the rest on the first. */
function stepOf(control: string): AdmissionStep {
  const item = control.match(/^\/items\/([a-z_]+)\//)?.[1];
  return admissionSteps.find((s) => (s.items as readonly string[]).includes(item ?? ''))?.id ?? 'placement';
}

/** The names of the values a step shows; every other value the form holds goes along hidden. */
const carried = (v: Readonly<Record<string, string>>, step: AdmissionStep) => controls.filter((k) => k in v && (step === 'review' || stepOf(k) !== step));

/** The errors that stand on a step. */
const errorsOn = (errors: ReadonlyMap<string, string>, step: AdmissionStep) => new Map([...errors].filter(([control]) => stepOf(control) === step));

interface FormContext {
  readonly view: View;
  readonly form: FormState;
  readonly fkey: string;
  readonly record: PersonRecord;
  readonly all: readonly FacilityView[];
  readonly questions: readonly DuplicateQuestion[];
  readonly step: AdmissionStep;
}

function StepTrail(props: { view: View; step: AdmissionStep }): Html {
  const { t } = props.view;
  const at = stepIndex(props.step);
  return (
    <nav class="step-trail" aria-label={t('admit.step_of', { number: at + 1, count: stepIds.length })}>
      <span class="step-count">{t('admit.step_of', { number: at + 1, count: stepIds.length })}</span>
      <ol class="steps">
        {stepIds.map((id, i) => (
          <li class={i === at ? 'current' : i < at ? 'done' : undefined} aria-current={i === at ? 'step' : undefined}>
            {t.of('admit_step', id)}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** What is entered, item by item, each with a button back to its step; the items still unknown listed at the end. */
function Review(props: FormContext): Html {
  const { view, form, all } = props;
  const { t } = view;
  const v = form.values;
  const unit = all.flatMap((f) => f.units.map((u) => [u.id, `${f.name} · ${u.name}`] as const)).find(([id]) => id === v['/unit_id'])?.[1] ?? '—';
  const given = (name: ItemName) =>
    itemFields[name]
      .filter(([, kind]) => kind !== 'check')
      .map(([f]) => text(v, `/items/${name}/${f}`))
      .filter(Boolean)
      .join(' · ');
  const unknown = admissionItemNames.filter((name) => v[`/items/${name}/state`] === 'unknown');
  const change = (step: AdmissionStep) => (
    <button type="submit" name="_go" value={step} class="link change">
      {t('admit.change')}
    </button>
  );
  return (
    <>
      <table class="review">
        <tbody>
          <tr data-row="placement">
            <th scope="row">{t('admit.placement')}</th>
            <td class="given">
              <bdi>{unit}</bdi> · {v['/legal_status'] ? t.of('legal_status', v['/legal_status']) : '—'} · <bdi dir="ltr">{v['/admitted_at'] ?? ''}</bdi>
            </td>
            <td>{change('placement')}</td>
          </tr>
          <tr data-row="basis">
            <th scope="row">{t('admit.basis')}</th>
            <td class="given">
              {v['/basis/kind'] === 'handover_document' ? t('admit.basis_handover_document') : t('admit.basis_commitment_order')} · <bdi>{text(v, '/basis/reference')}</bdi> · <bdi>{text(v, '/basis/issuing_authority')}</bdi> ·{' '}
              <bdi dir="ltr">{v['/basis/issued_on'] ?? ''}</bdi>
            </td>
            <td>{change('placement')}</td>
          </tr>
          {admissionItemNames.map((name) => (
            <tr data-row={name}>
              <th scope="row">{t.of('item', name)}</th>
              <td class="given">{v[`/items/${name}/state`] === 'unknown' ? t('admit.unknown_because', { reason: text(v, `/items/${name}/unknown_reason`) }) : <bdi>{given(name) || '—'}</bdi>}</td>
              <td>{change(stepOf(`/items/${name}/`))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('admit.still_unknown')}</h2>
      {unknown.length ? (
        <ul id="still-unknown">
          {unknown.map((name) => (
            <li>
              {t.of('item', name)}: {t('admit.unknown_because', { reason: text(v, `/items/${name}/unknown_reason`) })}
            </li>
          ))}
        </ul>
      ) : (
        <p id="still-unknown">{t('admit.none_unknown')}</p>
      )}
    </>
  );
}

function AdmitForm(props: FormContext): Html {
  const { view, form, record, step } = props;
  const { t } = view;
  const name = mainName(record.names, view);
  const at = stepIndex(step);
  const unitOptions = props.all.flatMap((f) => f.units.map((u) => [u.id, `${f.name} · ${u.name} (${t.of('category', u.category)})`] as const));
  /** A step's own controls: the placement and the basis, an item group, or the review. */
  const content = (id: AdmissionStep) => {
    if (id === 'placement')
      return (
        <>
          {props.questions.length ? (
            <div class="banner warn" id="duplicate-question">
              <p>{t('admit.duplicate_question')}</p>
              <DuplicateQuestionList view={view} questions={props.questions} newTab />
              <Input form={form} name="/duplicate_reason" label={t('admit.duplicate_reason')} hint={t('admit.duplicate_reason_hint')} />
            </div>
          ) : null}
          <fieldset>
            <legend>{t('admit.placement')}</legend>
            <div class="grid-3">
              <Select form={form} name="/unit_id" label={t('admit.unit')} options={unitOptions} blank={t('form.choose')} required />
              <Select form={form} name="/legal_status" label={t('admit.legal_status')} options={legalStatuses.map((s) => [s, t.of('legal_status', s)] as const)} value="untried" required />
              <DateInput form={form} t={t} name="/admitted_at" label={t('admit.admitted_at')} withTime required />
            </div>
            {view.can('custody.override_capacity') ? <Input form={form} name="/capacity_override/reason" label={t('admit.capacity_override')} hint={t('admit.capacity_override_hint')} /> : null}
          </fieldset>
          <fieldset>
            <legend>{t('admit.basis')}</legend>
            <Radios form={form} name="/basis/kind" legend={t('admit.basis_kind')} value="commitment_order" options={[['commitment_order', t('admit.basis_commitment_order')], ['handover_document', t('admit.basis_handover_document')]]} />
            <div class="grid-3">
              <Input form={form} name="/basis/reference" label={t('admit.basis_reference')} dir="auto" required />
              <Input form={form} name="/basis/issuing_authority" label={t('admit.basis_authority')} required />
              <DateInput form={form} t={t} name="/basis/issued_on" label={t('admit.basis_issued_on')} required />
            </div>
          </fieldset>
        </>
      );
    if (id === 'review') return <Review {...props} />;
    return (
      <>
        <p class="hint">{t('admit.items_hint')}</p>
        {(admissionSteps[stepIndex(id)]!.items as readonly ItemName[]).map((n) => (
          <ItemFieldset view={view} form={form} name={n} />
        ))}
      </>
    );
  };
  return (
    <>
      <p class="lead">
        {name ? <Name full={name.full} script={name.script} /> : null} · <RegNo value={record.register_number} />
      </p>
      <form method="post" action={`/persons/${record.id}/admit`} class="stack admit" novalidate data-admit={admissionClientData(t)}>
        <FormKeys view={view} formKey={props.fkey} />
        <input type="hidden" name="_step" value={step} />
        {form.values._tried ? <input type="hidden" name="_tried" value="1" /> : null}
        <div class="carried">
          {carried(form.values, step).map((k) => (
            <input type="hidden" name={k} value={form.values[k]} />
          ))}
        </div>
        <StepTrail view={view} step={step} />
        <ErrorSummary view={view} form={form} />
        {stepIds.map((id) =>
          id === step ? (
            <section class="admit-step" data-step={id}>
              {content(id)}
            </section>
          ) : (
            // The other steps, inert without scripts (their answers travel in the hidden fields above); a script puts them in the form.
            <template class="admit-step" data-step={id}>
              <section class="admit-step" data-step={id} hidden>
                {content(id)}
              </section>
            </template>
          ),
        )}
        <div class="actions">
          {step === 'review' ? (
            <button type="submit" name="_go" value="admit">
              {t('admit.submit')}
            </button>
          ) : (
            <button type="submit" name="_go" value={stepIds[at + 1]}>
              {t('admit.continue')}
            </button>
          )}
          <button type="submit" name="_go" value={stepIds[Math.max(at - 1, 0)]} class="secondary" hidden={at === 0}>
            {t('admit.back')}
          </button>
          <a href={`/persons/${record.id}`}>{t('form.cancel')}</a>
        </div>
      </form>
    </>
  );
}

export function admitPages(web: Web): void {
  async function load(view: View, id: string) {
    if (!isUuid(id)) return null;
    const now = web.ctx.clock();
    return readPersonal(web.ctx.db, { accountId: view.account!.id, purpose: 'admission form', now }, async (tx) => {
      const record = await personRecord(tx, id, now);
      if (!record) return null;
      // Open duplicate questions this likely are settled, or a reason given, before admission (the API insists too).
      const questions = (await duplicateQuestions(tx, record.id)).filter((d) => d.score >= matchThresholds().likely);
      return { record, all: await facilities(tx), questions };
    }, (found) => (found ? [found.record.id, ...found.questions.map((d) => d.other_id)] : []));
  }
  const notFound = (view: View) => messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo'));

  web.get<Record<string, string>, { id: string }>('/persons/:id/admit', { permission: 'custody.admit', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const found = await load(view, request.params.id);
    if (!found) return reply.code(404).type('text/html; charset=utf-8').send(notFound(view));
    const { t } = view;
    const blocked = !admissible(found.record.custody.status);
    return page({
      view,
      title: t('admit.title'),
      nav: '/search',
      children: blocked ? (
        <p class="banner warn">{t('admit.not_admissible', { status: t.of('custody_status', found.record.custody.status) })}</p>
      ) : (
        <AdmitForm view={view} form={{ values: { '/admitted_at': dateValue(t, localNow(web.ctx.clock())) }, errors: new Map(), general: [] }} fkey={formKey()} record={found.record} all={found.all} questions={found.questions} step="placement" />
      ),
    });
  });

  /**
   * A step sent: going back (or to an earlier step) keeps what was typed and checks nothing;
   * going on checks the steps left behind and stays on the first with a mistake; the review's
   * button checks every step and sends the admission, and a mistake found then (or a refusal of
   * the API) is shown at its control on its own step. After a refused admission the steps show
   * their mistakes as the clerk comes to them.
   */
  web.post<Record<string, string>, { id: string }>('/persons/:id/admit', { permission: 'custody.admit', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const found = await load(view, request.params.id);
    if (!found) return reply.code(404).type('text/html; charset=utf-8').send(notFound(view));
    const { t } = view;
    const values = postedValues(request.body);
    const key = values._key || formKey();
    const from = stepIndex(values._step);
    const go = values._go === 'admit' ? 'admit' : stepIds.includes(values._go as AdmissionStep) ? (values._go as AdmissionStep) : stepIds[Math.min(from + 1, stepIds.length - 1)]!;
    const show = (step: AdmissionStep, form: FormState, status: number) =>
      reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(page({ view, title: `${t('admit.title')} — ${t.of('admit_step', step)}`, nav: '/search', children: <AdmitForm view={view} form={form} fkey={key} record={found.record} all={found.all} questions={found.questions} step={step} /> }));
    const { dates, errors } = readAdmission(t, values);
    /** The first of the steps checked that has a mistake, shown with its mistakes. */
    const firstWrong = (checked: readonly AdmissionStep[]) => {
      const step = checked.find((s) => errorsOn(errors, s).size);
      return step ? show(step, withErrors(values, errorsOn(errors, step), controls), 422) : null;
    };
    if (go !== 'admit') {
      const to = stepIndex(go);
      if (to > from) {
        const wrong = firstWrong(stepIds.slice(from, to));
        if (wrong) return wrong;
      }
      // After a refused admission, the step shows its own mistakes on arrival.
      const own = values._tried ? errorsOn(errors, go) : new Map<string, string>();
      return show(go, own.size ? withErrors(values, own, controls) : { values, errors: new Map(), general: [] }, 200);
    }
    const tried = { ...values, _tried: '1' };
    const wrong = errors.size ? stepIds.find((s) => errorsOn(errors, s).size) : undefined;
    if (wrong) return show(wrong, withErrors(tried, errorsOn(errors, wrong), controls), 422);
    const body = admissionBody(found.record.id, values, dates, units(found.all), view.can('custody.override_capacity'));
    const answer = await callApi(web.api, request, 'POST', '/api/admissions', body, key);
    if (answer.ok) return reply.redirect(`/persons/${found.record.id}?admitted=1`, 303);
    const form = withProblem(t, tried, answer.problem, controls, { '/facility_id': '/unit_id' });
    const at = [...form.errors.keys()][0];
    return show(at ? stepOf(at) : 'review', form, 422);
  });
}

const units = (all: readonly FacilityView[]) => new Map(all.flatMap((f) => f.units.map((u) => [u.id, f.id] as const)));
