/**
 * Registering a person under every name given, with likely duplicates shown side by side
 * before anything is written: live as the clerk types (htmx), or with the "check for
 * duplicates" button when scripts are off. The API assigns the id and register number and
 * checks every field; its refusals are shown next to the control they concern.
 */
import { randomUUID } from 'node:crypto';
import { h, Fragment, type Html } from '../jsx.ts';
import { page } from '../layout.tsx';
import { Badge, ChoiceInput, DateInput, ErrorSummary, FormKeys, Input, LanguageChoices, Name, NationalityChoices, NationalityInput, Radios, RegNo, Select, languageListId, namesInReadingOrder, statusTone } from '../components.tsx';
import { languageName, readLanguage } from '../language-names.ts';
import { isCountryCode } from '../../domain/values.ts';
import { callApi, emptyForm, formKey, postedValues, withErrors, withProblem, type FormState } from '../forms.ts';
import { dateProblemMessage, readDate, readYear, type DateReading } from '../form-dates.ts';
import { nationalityLabel, readNationality, stateName } from '../nationality-choices.ts';
import type { Translator } from '../i18n.ts';
import { nameSources } from '../../domain/events.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import { personRecord, type PersonRecord } from '../../api/read-models.ts';
import type { DateOfBirth } from '../../domain/values.ts';
import { dobText } from '../record-parts.tsx';
import { matchThresholds } from '../../config.ts';
import { MatchWaterfall, matchEvidence, percent } from '../match-explanation.tsx';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

/** The controls of the form, by the JSON pointer of the API field they fill. */
const nameRows = [
  { row: 0, script: 'Arab', label: 'register.name_arabic', lang: 'ar' },
  { row: 1, script: 'Latn', label: 'register.name_latin', lang: 'en' },
  { row: 2, script: '', label: 'register.name_other', lang: undefined },
] as const;

const nationalityRows = [0, 1, 2] as const;
const languageRows = [0, 1, 2] as const;

const controls = [
  '/names/0/full', '/names/1/full', '/names/2/full', '/names/2/script', '/names/0/parts/mother_full', '/names/0/source', '/names/0/confidence',
  '/sex', '/gender', '/dob/kind', '/dob/date', '/dob/year', '/dob/from', '/dob/to', '/dob/reason', ...nationalityRows.map((i) => `/nationalities/${i}`), ...languageRows.map((i) => `/languages/${i}`),
  '/documents/0/kind', '/documents/0/number', '/documents/0/issuing_country', '/duplicate_reason',
];

const documentKinds = ['national_id', 'passport', 'civil_status_record', 'residence_card', 'camp_card', 'other'] as const;
const dobKinds = ['exact', 'year', 'range', 'unknown'] as const;

/** The nationalities typed, in order, each read to what the register records (null: names none). */
const typedNationalities = (v: Record<string, string>) =>
  nationalityRows.map((i) => ({ control: `/nationalities/${i}`, typed: (v[`/nationalities/${i}`] ?? '').trim() })).filter((n) => n.typed).map((n) => ({ ...n, value: readNationality(n.typed) }));

/** One end of a range of birth dates: a year (its first or last day) or a day. */
function rangeEnd(text: string | undefined, end: 'from' | 'to'): DateReading {
  const year = readYear(text);
  if (year.ok) return { ok: true, iso: end === 'from' ? `${year.year}-01-01` : `${year.year}-12-31` };
  return readDate(text);
}

/**
 * The registration body the API takes, which form row each name came from, and every error
 * the form itself can see (a missing answer, a date or nationality that cannot be read): the
 * date of birth is read from the fields of the kind chosen, and only those.
 */
function readRegistration(t: Translator, v: Record<string, string>): { body: Record<string, unknown>; rowOf: number[]; errors: Map<string, string> } {
  const errors = new Map<string, string>();
  const names: Record<string, unknown>[] = [];
  const rowOf: number[] = [];
  const source = v['/names/0/source'] ?? 'handover_list';
  const confidence = Number(v['/names/0/confidence'] ?? '0.6');
  for (const { row, script } of nameRows) {
    const full = (v[`/names/${row}/full`] ?? '').trim();
    if (!full) continue;
    const mother = row === 0 ? (v['/names/0/parts/mother_full'] ?? '').trim() : '';
    names.push({
      id: v[`/names/${row}/id`] || randomUUID(),
      script: script || v['/names/2/script'] || 'other',
      full,
      parts: mother ? { mother_full: mother } : {},
      source,
      confidence,
    });
    rowOf.push(row);
  }
  if (!names.length) errors.set('/names/0/full', t('register.names_missing'));
  if (!v['/sex']) errors.set('/sex', t('form.missing', { field: t('person.sex') }));

  const kind = (dobKinds as readonly string[]).includes(v['/dob/kind'] ?? '') ? v['/dob/kind']! : undefined;
  const dateAt = (control: string, label: string, reading: DateReading) => {
    if (reading.ok) return reading.iso;
    errors.set(control, dateProblemMessage(t, label, reading.problem));
    return v[control] ?? '';
  };
  let dob: Record<string, unknown>;
  if (kind === 'exact') dob = { kind, date: dateAt('/dob/date', t('register.dob_date'), readDate(v['/dob/date'])) };
  else if (kind === 'year') {
    const year = readYear(v['/dob/year']);
    if (!year.ok) errors.set('/dob/year', year.problem.kind === 'missing' ? t('form.missing', { field: t('register.dob_year_value') }) : t('register.dob_year_format'));
    dob = { kind, year: year.ok ? year.year : (v['/dob/year'] ?? '') };
  } else if (kind === 'range') {
    dob = { kind, from: dateAt('/dob/from', t('register.dob_from'), rangeEnd(v['/dob/from'], 'from')), to: dateAt('/dob/to', t('register.dob_to'), rangeEnd(v['/dob/to'], 'to')) };
  } else if (kind === 'unknown') {
    const reason = (v['/dob/reason'] ?? '').trim();
    if (!reason) errors.set('/dob/reason', t('form.missing', { field: t('register.dob_reason') }));
    dob = { kind, reason };
  } else {
    errors.set('/dob/kind', t('form.missing', { field: t('person.dob') }));
    dob = { kind: 'unknown', reason: '' };
  }

  const typed = typedNationalities(v);
  if (!typed.length) errors.set('/nationalities/0', t('register.nationality_missing'));
  for (const n of typed) if (n.value === null) errors.set(n.control, t('register.nationality_unread', { value: n.typed.slice(0, 60) }));

  const languages: string[] = [];
  for (const i of languageRows) {
    const typed = (v[`/languages/${i}`] ?? '').trim();
    if (!typed) continue;
    const code = readLanguage(typed);
    if (code === null) errors.set(`/languages/${i}`, t('register.language_unread', { value: typed.slice(0, 60) }));
    else if (!languages.includes(code)) languages.push(code);
  }

  const number = (v['/documents/0/number'] ?? '').trim();
  // The issuing state is picked like a nationality, and must be a state.
  const countryTyped = (v['/documents/0/issuing_country'] ?? '').trim();
  const country = countryTyped ? readNationality(countryTyped) : '';
  if (countryTyped && (country === null || !isCountryCode(country))) {
    errors.set('/documents/0/issuing_country', t('register.country_unread', { value: countryTyped.slice(0, 60) }));
  }
  const body: Record<string, unknown> = {
    names,
    sex: v['/sex'],
    gender: v['/gender'] ?? 'not_stated',
    dob,
    nationalities: typed.map((n) => n.value ?? n.typed),
    languages,
    documents: number ? [{ kind: v['/documents/0/kind'] ?? 'national_id', number, issuing_country: country ?? countryTyped }] : [],
    biometric_refs: [],
  };
  const despite = (v['/duplicate_reason'] ?? '').trim();
  if (despite) body.duplicate_reason = despite;
  return { body, rowOf, errors };
}

/** A refusal about names[k] points at the form row that name came from. */
function rowPointer(field: string | undefined, rowOf: readonly number[]): string | undefined {
  const m = field?.match(/^\/names\/(\d+)(\/.*)?$/);
  if (!m) return field;
  const row = rowOf[Number(m[1])];
  if (row === undefined) return '/names/0/full';
  const rest = m[2] ?? '/full';
  return row > 0 && (rest === '/source' || rest === '/confidence') ? `/names/0${rest}` : `/names/${row}${rest === '/script' && row !== 2 ? '/full' : rest}`;
}

interface Suggestion {
  person: { id: string; register_number: string; names: { script: string; full: string }[]; custody_status: string };
  score: number;
  explanation: { name?: string; tokens?: { query: string; matched: string | null; similarity: number }[]; evidence?: { kind: string; outcome: string }[] } | null;
}

const evidenceOf = (s: Suggestion) => matchEvidence(s.explanation);

/** The likely duplicates, compared side by side with what is being entered. */
function Suggestions(props: { view: View; values: Record<string, string>; suggestions: readonly Suggestion[]; records: ReadonlyMap<string, PersonRecord>; form: FormState; likely: number }): Html {
  const { t } = props.view;
  if (!props.suggestions.length) return <></>;
  const probable = props.suggestions.filter((s) => s.score >= props.likely);
  const v = props.values;
  const entered = nameRows.map((r) => (v[`/names/${r.row}/full`] ?? '').trim()).filter(Boolean);
  return (
    <section aria-labelledby="dup-heading" class="suggestions-inner">
      <h2 id="dup-heading">{t('register.duplicates_heading', { count: props.suggestions.length })}</h2>
      <p>{t('register.duplicates_intro')}</p>
      <div class="compare">
        <div class="card new">
          <h3>{t('register.entering')}</h3>
          <ul>
            {entered.map((n) => (
              <li>
                <bdi>{n}</bdi>
              </li>
            ))}
          </ul>
          <dl class="facts">
            <dt>{t('person.sex')}</dt>
            <dd>{v['/sex'] ? t.of('sex', v['/sex']) : '—'}</dd>
            <dt>{t('person.nationalities')}</dt>
            <dd>{typedNationalities(v).map((n) => (n.value ? nationalityLabel(t, n.value) : n.typed)).join('، ') || '—'}</dd>
          </dl>
        </div>
        {props.suggestions.slice(0, 3).map((s) => {
          const record = props.records.get(s.person.id);
          return (
            <div class="card candidate">
              <h3>
                <a href={`/persons/${s.person.id}`} target="_blank" rel="noopener">
                  <RegNo value={s.person.register_number} />
                </a>{' '}
                <span class="score">{t('register.score', { percent: percent(props.view, s.score) })}</span>
              </h3>
              <ul>
                {namesInReadingOrder(s.person.names, t.dir).map((n) => (
                  <li>
                    <Name full={n.full} script={n.script} /> <span class="muted">({t.of('script', n.script)})</span>
                  </li>
                ))}
              </ul>
              <dl class="facts">
                <dt>{t('person.status')}</dt>
                <dd>
                  <Badge tone={statusTone[s.person.custody_status]}>{t.of('custody_status', s.person.custody_status)}</Badge>
                </dd>
                {record ? (
                  <>
                    <dt>{t('person.sex')}</dt>
                    <dd>{t.of('sex', record.details.sex)}</dd>
                    <dt>{t('person.dob')}</dt>
                    <dd>{dobText(t, record.details.dob as DateOfBirth)}</dd>
                    <dt>{t('person.nationalities')}</dt>
                    <dd>{record.details.nationalities.map((n) => nationalityLabel(t, n)).join('، ')}</dd>
                  </>
                ) : null}
              </dl>
              {s.explanation?.tokens?.length ? (
                <details>
                  <summary>{t('register.why')}</summary>
                  {evidenceOf(s) ? <MatchWaterfall view={props.view} evidence={evidenceOf(s)!} /> : null}
                  <ul>
                    {s.explanation.tokens.map((a) => (
                      <li>
                        <bdi>{a.query}</bdi> ↔ <bdi>{a.matched ?? '—'}</bdi> ({t('person.percent', { value: Math.round(a.similarity * 100) })})
                      </li>
                    ))}
                    {(s.explanation.evidence ?? []).map((e) => (
                      <li>{t('register.evidence', { kind: t.of('evidence_kind', e.kind), outcome: t.of('evidence_outcome', e.outcome) })}</li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </div>
          );
        })}
      </div>
      {props.suggestions.length > 3 ? (
        <ul>
          {props.suggestions.slice(3, 8).map((s) => (
            <li>
              <a href={`/persons/${s.person.id}`}>
                <RegNo value={s.person.register_number} />
              </a>{' '}
              {namesInReadingOrder(s.person.names, t.dir).map((n, i) => (
                <>
                  {i ? ' · ' : ''}
                  <Name full={n.full} script={n.script} />
                </>
              ))}{' '}
              — {t('register.score', { percent: percent(props.view, s.score) })}
            </li>
          ))}
        </ul>
      ) : null}
      {probable.length ? (
        <div class="banner warn" id="duplicate-confirmation">
          <p>{t('register.probable', { count: probable.length })}</p>
          <Input form={props.form} name="/duplicate_reason" label={t('register.duplicate_reason')} hint={t('register.duplicate_reason_hint')} />
        </div>
      ) : null}
    </section>
  );
}

/**
 * The date of birth: its kind first, then one group of fields per kind, each under the kind's
 * name. Without scripts every group shows and the server reads only the chosen kind's; with
 * scripts (app.js) the other groups are hidden.
 */
function DateOfBirth(props: { view: View; form: FormState }): Html {
  const { form } = props;
  const { t } = props.view;
  const labels: Record<(typeof dobKinds)[number], string> = { exact: t('register.dob_exact'), year: t('register.dob_year'), range: t('register.dob_range'), unknown: t('register.dob_unknown') };
  const group = (kind: (typeof dobKinds)[number], fields: Html) => (
    <fieldset class="kind-group" id={`dob-${kind}`} data-shown-by="/dob/kind" data-shown-for={kind}>
      <legend>{t('register.dob_group', { kind: labels[kind] })}</legend>
      {fields}
    </fieldset>
  );
  return (
    <div class="dob">
      <Radios form={form} name="/dob/kind" legend={t('person.dob')} hint={t('register.dob_kind_hint')} value="year" options={dobKinds.map((k) => [k, labels[k]] as const)} />
      {group('exact', <DateInput form={form} t={t} name="/dob/date" label={t('register.dob_date')} />)}
      {group('year', <Input form={form} name="/dob/year" label={t('register.dob_year_value')} inputmode="numeric" dir="ltr" />)}
      {group(
        'range',
        <div class="grid-2">
          <Input form={form} name="/dob/from" label={t('register.dob_from')} hint={t('register.dob_range_hint')} dir="ltr" />
          <Input form={form} name="/dob/to" label={t('register.dob_to')} hint={t('register.dob_range_hint')} dir="ltr" />
        </div>,
      )}
      {group('unknown', <Input form={form} name="/dob/reason" label={t('register.dob_reason')} />)}
    </div>
  );
}

function RegisterForm(props: { view: View; form: FormState; fkey: string; suggestions: Html }): Html {
  const { view, form } = props;
  const { t } = view;
  const v = form.values;
  return (
    <form method="post" action="/persons/new" class="stack" novalidate>
      <FormKeys view={view} formKey={props.fkey} />
      <ErrorSummary view={view} form={form} />
      <fieldset>
        <legend>{t('register.names')}</legend>
        <p class="hint">{t('register.names_hint')}</p>
        {nameRows.map((r) => (
          <input type="hidden" name={`/names/${r.row}/id`} value={v[`/names/${r.row}/id`] || randomUUID()} />
        ))}
        <div class="grid-2">
          <Input form={form} name="/names/0/full" label={t('register.name_arabic')} lang="ar" dir="rtl" />
          <Input form={form} name="/names/1/full" label={t('register.name_latin')} lang="en" dir="ltr" />
          <Input form={form} name="/names/2/full" label={t('register.name_other')} />
          <Select form={form} name="/names/2/script" label={t('register.name_other_script')} options={(['Arab', 'Latn', 'Cyrl', 'other'] as const).map((s) => [s, t.of('script', s)] as const)} value="Latn" />
          <Input form={form} name="/names/0/parts/mother_full" label={t('register.mother')} lang="ar" dir="auto" />
        </div>
        <div class="grid-2">
          <Select form={form} name="/names/0/source" label={t('register.source')} options={nameSources.map((s) => [s, t.of('name_source', s)] as const)} value="handover_list" />
          <Select form={form} name="/names/0/confidence" label={t('register.confidence')} options={[['0.9', t('register.confidence_document')], ['0.6', t('register.confidence_list')], ['0.3', t('register.confidence_guess')]]} value="0.6" />
        </div>
      </fieldset>
      {/* One duplicate check at a time: one asked for while another is under way waits, and only the last goes (none is aborted, so nothing is reported as failed). */}
      <div
        id="suggestions"
        class="suggestions"
        aria-live="polite"
        hx-post="/persons/new/duplicates"
        hx-trigger="input changed delay:600ms from:closest form, change from:closest form"
        hx-include="closest form"
        hx-swap="innerHTML"
        hx-sync="this:queue last"
      >
        {props.suggestions}
      </div>
      <fieldset>
        <legend>{t('register.details')}</legend>
        <Radios form={form} name="/sex" legend={t('person.sex')} options={(['male', 'female', 'unknown'] as const).map((s) => [s, t.of('sex', s)] as const)} />
        <Select form={form} name="/gender" label={t('person.gender')} options={(['not_stated', 'man', 'woman', 'other'] as const).map((g) => [g, t.of('gender', g)] as const)} value="not_stated" />
        <DateOfBirth view={view} form={form} />
        <fieldset class="radios" aria-describedby="nationality-hint">
          <legend>{t('person.nationalities')}</legend>
          <p class="hint" id="nationality-hint">
            {t('register.nationality_hint')}
          </p>
          <div class="grid-3">
            {nationalityRows.map((i) => (
              <NationalityInput
                form={form}
                name={`/nationalities/${i}`}
                label={[t('register.nationality'), t('register.nationality_second'), t('register.nationality_third')][i]!}
                value={i === 0 ? stateName(t.locale, 'IQ') : undefined}
                required={i === 0}
              />
            ))}
          </div>
        </fieldset>
        <NationalityChoices t={t} />
        <fieldset class="radios" aria-describedby="language-hint">
          <legend>{t('person.languages')}</legend>
          <p class="hint" id="language-hint">
            {t('register.languages_hint')}
          </p>
          <div class="grid-3">
            {languageRows.map((i) => (
              <ChoiceInput
                form={form}
                name={`/languages/${i}`}
                list={languageListId}
                label={[t('register.language'), t('register.language_second'), t('register.language_third')][i]!}
                value={i === 0 ? languageName(t, 'ar') : undefined}
              />
            ))}
          </div>
        </fieldset>
        <LanguageChoices t={t} />
      </fieldset>
      <fieldset>
        <legend>{t('register.document')}</legend>
        <div class="grid-3">
          <Select form={form} name="/documents/0/kind" label={t('person.document_kind')} options={documentKinds.map((k) => [k, t.of('document_kind', k)] as const)} />
          <Input form={form} name="/documents/0/number" label={t('person.document_number')} dir="ltr" />
          <NationalityInput form={form} name="/documents/0/issuing_country" label={t('person.issuing_country')} hint={t('register.issuing_country_hint')} />
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" name="_action" value="register">
          {t('register.submit')}
        </button>
        <button type="submit" name="_action" value="check" class="secondary">
          {t('register.check')}
        </button>
        <span class="htmx-indicator muted">{t('layout.loading')}</span>
      </div>
    </form>
  );
}

export function registerPages(web: Web): void {
  /** Ask the API for likely duplicates of what is entered; compare the best with their records. */
  async function suggestionsFor(request: Parameters<Parameters<Web['post']>[2]>[0], view: View, values: Record<string, string>, form: FormState = { values, errors: new Map(), general: [] }): Promise<Html> {
    const { body } = readRegistration(view.t, values);
    const names = (body.names as { full: string }[]).map((n) => n.full);
    if (!names.length) return <></>;
    const query: Record<string, unknown> = { names };
    const mother = (values['/names/0/parts/mother_full'] ?? '').trim();
    if (mother) query.mother_name = mother;
    if (values['/sex']) query.sex = values['/sex'];
    const nationalities = body.nationalities as string[];
    if (nationalities.length) query.nationalities = nationalities;
    let answer = await callApi<{ results: Suggestion[] }>(web.api, request, 'POST', '/api/persons/duplicates', { ...query, dob: body.dob });
    // A half-typed date of birth is no reason to show nothing: ask again by the names alone.
    if (!answer.ok) answer = await callApi<{ results: Suggestion[] }>(web.api, request, 'POST', '/api/persons/duplicates', { names });
    if (!answer.ok) return <p class="banner bad">{view.t('register.duplicates_failed')}</p>;
    // Worth comparing from the 'possible' threshold on (SIJILL_MATCH_POSSIBLE); from 'likely' on, a new record needs a reason.
    const suggestions = answer.body.results.filter((s) => s.score >= matchThresholds().possible);
    const top = suggestions.slice(0, 3).map((s) => s.person.id);
    const now = web.ctx.clock();
    const records = await readPersonal(web.ctx.db, { accountId: view.account!.id, purpose: 'duplicate comparison', now }, async (tx) => {
      const found = new Map<string, PersonRecord>();
      for (const id of top) {
        const record = await personRecord(tx, id, now);
        if (record) found.set(id, record);
      }
      return found;
    }, (found) => found.keys());
    return <Suggestions view={view} values={values} suggestions={suggestions} records={records} form={form} likely={matchThresholds().likely} />;
  }

  web.get('/persons/new', { permission: 'person.register', scope: 'register' }, async (_request, _reply, view) =>
    page({ view, title: view.t('register.title'), nav: '/persons/new', children: <RegisterForm view={view} form={emptyForm} fkey={formKey()} suggestions={<></>} /> }),
  );

  web.post('/persons/new/duplicates', { permission: 'person.register', scope: 'register' }, async (request, _reply, view) => suggestionsFor(request, view, postedValues(request.body)));

  web.post('/persons/new', { permission: 'person.register', scope: 'register' }, async (request, reply, view) => {
    const { t } = view;
    const values = postedValues(request.body);
    const key = values._key || formKey();
    const again = (form: FormState, suggestions: Html, status: number) =>
      reply.code(status).type('text/html; charset=utf-8').send(page({ view, title: t('register.title'), nav: '/persons/new', children: <RegisterForm view={view} form={form} fkey={key} suggestions={suggestions} /> }));
    if (values._action === 'check') return again({ values, errors: new Map(), general: [] }, await suggestionsFor(request, view, values), 200);
    const { body, rowOf, errors } = readRegistration(t, values);
    // Every mistake the form can see is shown at once; only a form without any is sent.
    if (errors.size) {
      const refused = withErrors(values, errors, controls);
      return again(refused, await suggestionsFor(request, view, values, refused), 422);
    }
    const answer = await callApi<{ person_id: string }>(web.api, request, 'POST', '/api/persons', body, key);
    if (!answer.ok) {
      const problem = { ...answer.problem, field: rowPointer(answer.problem.field, rowOf) };
      const refused = withProblem(t, values, problem, controls);
      return again(refused, await suggestionsFor(request, view, values, refused), answer.problem.status === 409 ? 409 : 422);
    }
    return reply.redirect(`/persons/${answer.body.person_id}?registered=1`, 303);
  });
}
