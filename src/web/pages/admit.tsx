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
import { dateProblemMessage, dateValue, readDate, readDateTime, type DateReading } from '../form-dates.ts';
import type { Translator } from '../i18n.ts';
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
 * The dates of the form read to what the API takes (local times, which instantFromLocal gives
 * the register's offset), and every error the form itself can see: a required answer missing,
 * a date that cannot be read or does not exist. Only the chosen half of each item is read.
 */
function readAdmission(t: Translator, v: Record<string, string>): { dates: Record<string, string>; errors: Map<string, string> } {
  const errors = new Map<string, string>();
  const dates: Record<string, string> = {};
  // The item and the control named together, put as one label into the error's sentence: without
  // isolates of its own, so that the sentence's isolate takes its direction from the words.
  const itemLabel = (item: string, field: string) => t('admit.item_field', { item, field }).replace(/[\u2068\u2069]/g, '');
  const missing = (control: string, label: string) => {
    if (!text(v, control)) errors.set(control, t('form.missing', { field: label }));
  };
  const date = (control: string, label: string, reading: DateReading, withTime: boolean) => {
    if (reading.ok) dates[control] = reading.iso;
    else errors.set(control, dateProblemMessage(t, label, reading.problem, withTime));
  };
  missing('/unit_id', t('admit.unit'));
  date('/admitted_at', t('admit.admitted_at'), readDateTime(v['/admitted_at']), true);
  missing('/basis/reference', t('admit.basis_reference'));
  missing('/basis/issuing_authority', t('admit.basis_authority'));
  date('/basis/issued_on', t('admit.basis_issued_on'), readDate(v['/basis/issued_on']), false);
  for (const name of admissionItemNames) {
    const item = t.of('item', name);
    if (v[`/items/${name}/state`] === 'unknown') {
      missing(`/items/${name}/unknown_reason`, itemLabel(item, t('admit.unknown_reason')));
      continue;
    }
    for (const [f, kind, required] of itemFields[name]) {
      const control = `/items/${name}/${f}`;
      const label = itemLabel(item, itemFieldLabel(t, name, f));
      if (kind === 'datetime') date(control, label, readDateTime(v[control]), true);
      else if (required) missing(control, label);
    }
  }
  return { dates, errors };
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
    if (kind === 'check') return <Checkbox form={form} name={control} label={label} checked />;
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

function AdmitForm(props: { view: View; form: FormState; fkey: string; record: PersonRecord; all: readonly FacilityView[]; questions: readonly DuplicateQuestion[] }): Html {
  const { view, form, record } = props;
  const { t } = view;
  const name = mainName(record.names, view);
  const unitOptions = props.all.flatMap((f) => f.units.map((u) => [u.id, `${f.name} · ${u.name} (${t.of('category', u.category)})`] as const));
  return (
    <>
      <p class="lead">
        {name ? <Name full={name.full} script={name.script} /> : null} · <RegNo value={record.register_number} />
      </p>
      <form method="post" action={`/persons/${record.id}/admit`} class="stack admit" novalidate>
        <FormKeys view={view} formKey={props.fkey} />
        <ErrorSummary view={view} form={form} />
        {props.questions.length ? (
          <div class="banner warn" id="duplicate-question">
            <p>{t('admit.duplicate_question')}</p>
            <DuplicateQuestionList view={view} questions={props.questions} newTab />
            <Input form={form} name="/duplicate_reason" label={t('admit.duplicate_reason')} hint={t('admit.duplicate_reason_hint')} />
          </div>
        ) : null}
        <fieldset>
          <legend>{t('admit.placement')}</legend>
          <Select form={form} name="/unit_id" label={t('admit.unit')} options={unitOptions} blank={t('form.choose')} required />
          <div class="grid-2">
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
        <h2>{t('admit.items_heading')}</h2>
        <p class="hint">{t('admit.items_hint')}</p>
        {admissionItemNames.map((n) => (
          <ItemFieldset view={view} form={form} name={n} />
        ))}
        <div class="actions">
          <button type="submit">{t('admit.submit')}</button>
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
        <AdmitForm view={view} form={{ values: { '/admitted_at': dateValue(t, localNow(web.ctx.clock())) }, errors: new Map(), general: [] }} fkey={formKey()} record={found.record} all={found.all} questions={found.questions} />
      ),
    });
  });

  web.post<Record<string, string>, { id: string }>('/persons/:id/admit', { permission: 'custody.admit', scope: { person: '/params/id' } }, async (request, reply, view) => {
    const found = await load(view, request.params.id);
    if (!found) return reply.code(404).type('text/html; charset=utf-8').send(notFound(view));
    const values = postedValues(request.body);
    const key = values._key || formKey();
    const units = new Map(found.all.flatMap((f) => f.units.map((u) => [u.id, f.id] as const)));
    const { dates, errors } = readAdmission(view.t, values);
    let form: FormState;
    if (errors.size) form = withErrors(values, errors, controls);
    else {
      const body = admissionBody(found.record.id, values, dates, units, view.can('custody.override_capacity'));
      const answer = await callApi(web.api, request, 'POST', '/api/admissions', body, key);
      if (answer.ok) return reply.redirect(`/persons/${found.record.id}?admitted=1`, 303);
      form = withProblem(view.t, values, answer.problem, controls, { '/facility_id': '/unit_id' });
    }
    return reply
      .code(422)
      .type('text/html; charset=utf-8')
      .send(page({ view, title: view.t('admit.title'), nav: '/search', children: <AdmitForm view={view} form={form} fkey={key} record={found.record} all={found.all} questions={found.questions} /> }));
  });
}
