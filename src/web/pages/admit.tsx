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
import { Checkbox, ErrorSummary, FormKeys, Input, Name, Radios, RegNo, Select, TextArea, mainName } from '../components.tsx';
import { callApi, formKey, instantFromLocal, localNow, postedValues, withProblem, type FormState } from '../forms.ts';
import { admissionItemNames } from '../../domain/events.ts';
import { legalStatuses } from '../../domain/placement.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import { facilities, personRecord, type FacilityView, type PersonRecord } from '../../api/read-models.ts';
import { admissible, isUuid } from './person.tsx';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

type ItemName = (typeof admissionItemNames)[number];

/** The known-value controls of each item: [field under the item, kind of control]. */
const itemFields: Readonly<Record<ItemName, readonly (readonly [string, 'text' | 'datetime' | 'area' | 'check'])[]>> = {
  first_deprivation: [['at', 'datetime'], ['place', 'text'], ['authority', 'text']],
  ordering_authority: [['authority', 'text'], ['law', 'text'], ['article', 'text']],
  supervising_authority: [['authority', 'text']],
  injuries: [['visible_injuries', 'area'], ['ill_treatment_complaint', 'area']],
  property: [['items', 'area'], ['signed_by_detainee', 'check'], ['witnessed_by', 'text']],
  family: [['members/0/relation', 'text'], ['members/0/name', 'text'], ['members/0/age', 'text'], ['members/0/whereabouts', 'text'], ['members/0/cared_for_by', 'text']],
  emergency_contact: [['name', 'text'], ['relation', 'text'], ['contact', 'text']],
  health_record: [['reference', 'text']],
  officials: [['arresting', 'text'], ['admitting', 'text']],
};

const controls = [
  '/unit_id', '/legal_status', '/admitted_at', '/basis/kind', '/basis/reference', '/basis/issuing_authority', '/basis/issued_on', '/capacity_override/reason', '/duplicate_reason',
  ...admissionItemNames.flatMap((name) => [`/items/${name}/state`, ...itemFields[name].map(([f]) => `/items/${name}/${f}`), `/items/${name}/unknown_reason`]),
];

const text = (v: Record<string, string>, name: string) => (v[name] ?? '').trim();
const orNull = (s: string) => (s ? s : null);

/** One item as the API takes it. */
function itemValue(name: ItemName, v: Record<string, string>): unknown {
  const at = (f: string) => text(v, `/items/${name}/${f}`);
  if (v[`/items/${name}/state`] === 'unknown') return { unknown_reason: at('unknown_reason') };
  switch (name) {
    case 'first_deprivation':
      return { at: instantFromLocal(at('at')), place: at('place'), authority: at('authority') };
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

function admissionBody(personId: string, v: Record<string, string>, units: ReadonlyMap<string, string>, mayOverride: boolean): Record<string, unknown> {
  const unit = v['/unit_id'] ?? '';
  const body: Record<string, unknown> = {
    person_id: personId,
    facility_id: units.get(unit) ?? unit,
    unit_id: unit,
    legal_status: v['/legal_status'],
    admitted_at: instantFromLocal(v['/admitted_at']),
    basis: { kind: v['/basis/kind'], reference: text(v, '/basis/reference'), issuing_authority: text(v, '/basis/issuing_authority'), issued_on: v['/basis/issued_on'] ?? '' },
    items: Object.fromEntries(admissionItemNames.map((name) => [name, itemValue(name, v)])),
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
  const field = (f: string, kind: 'text' | 'datetime' | 'area' | 'check') => {
    const control = `/items/${name}/${f}`;
    const label = t.of('admit_field', `${name}.${f.replace(/^members\/0\//, 'member_')}`);
    if (kind === 'area') return <TextArea form={form} name={control} label={label} hint={f === 'items' ? t('admit.property_hint') : undefined} />;
    if (kind === 'check') return <Checkbox form={form} name={control} label={label} checked />;
    if (kind === 'datetime') return <Input form={form} name={control} type="datetime-local" label={label} dir="ltr" />;
    return <Input form={form} name={control} label={label} hint={f === 'arresting' ? t('admit.arresting_hint') : undefined} />;
  };
  return (
    <fieldset class="item" id={`item-${name}`}>
      <legend>{t.of('item', name)}</legend>
      <Radios form={form} name={`/items/${name}/state`} legend={t('admit.known_or_unknown')} value="known" options={[['known', t('admit.known')], ['unknown', t('admit.unknown')]]} />
      <div class="known-part">
        <div class="grid-2">{itemFields[name].map(([f, kind]) => field(f, kind))}</div>
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
            <Input form={form} name="/admitted_at" type="datetime-local" label={t('admit.admitted_at')} value={localNow(new Date())} dir="ltr" required />
          </div>
          {view.can('custody.override_capacity') ? <Input form={form} name="/capacity_override/reason" label={t('admit.capacity_override')} hint={t('admit.capacity_override_hint')} /> : null}
        </fieldset>
        <fieldset>
          <legend>{t('admit.basis')}</legend>
          <Radios form={form} name="/basis/kind" legend={t('admit.basis_kind')} value="commitment_order" options={[['commitment_order', t('admit.basis_commitment_order')], ['handover_document', t('admit.basis_handover_document')]]} />
          <div class="grid-3">
            <Input form={form} name="/basis/reference" label={t('admit.basis_reference')} dir="auto" required />
            <Input form={form} name="/basis/issuing_authority" label={t('admit.basis_authority')} required />
            <Input form={form} name="/basis/issued_on" type="date" label={t('admit.basis_issued_on')} dir="ltr" required />
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

  web.get<Record<string, string>, { id: string }>('/persons/:id/admit', 'custody.admit', async (request, reply, view) => {
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
        <AdmitForm view={view} form={{ values: { '/admitted_at': localNow(web.ctx.clock()) }, errors: new Map(), general: [] }} fkey={formKey()} record={found.record} all={found.all} questions={found.questions} />
      ),
    });
  });

  web.post<Record<string, string>, { id: string }>('/persons/:id/admit', 'custody.admit', async (request, reply, view) => {
    const found = await load(view, request.params.id);
    if (!found) return reply.code(404).type('text/html; charset=utf-8').send(notFound(view));
    const values = postedValues(request.body);
    const key = values._key || formKey();
    const units = new Map(found.all.flatMap((f) => f.units.map((u) => [u.id, f.id] as const)));
    const body = admissionBody(found.record.id, values, units, view.can('custody.override_capacity'));
    const answer = await callApi(web.api, request, 'POST', '/api/admissions', body, key);
    if (answer.ok) return reply.redirect(`/persons/${found.record.id}?admitted=1`, 303);
    const form = withProblem(view.t, values, answer.problem, controls, { '/facility_id': '/unit_id' });
    return reply
      .code(422)
      .type('text/html; charset=utf-8')
      .send(page({ view, title: view.t('admit.title'), nav: '/search', children: <AdmitForm view={view} form={form} fkey={key} record={found.record} all={found.all} questions={found.questions} /> }));
  });
}
