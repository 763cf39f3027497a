/**
 * Building blocks of the pages: labelled form controls that show their own error, names and
 * register numbers isolated for mixed-direction text, status badges, pagination.
 */
import { h, Fragment, type Html, type Child } from './jsx.ts';
import type { FormState } from './forms.ts';
import type { View } from './view.ts';
import { csrfField } from './view.ts';
import type { Translator } from './i18n.ts';
import { datePattern, dateExample } from './form-dates.ts';
import { nationalityChoices, nationalityLabel } from './nationality-choices.ts';
import { languageChoices } from './language-names.ts';

/** An element id for a control named by a JSON pointer (within its form's scope, when it has one). */
export const controlId = (name: string, scope = '') => `f${scope ? `-${scope}` : ''}${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface FieldProps {
  readonly form: FormState;
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly required?: boolean;
  readonly type?: 'text' | 'date' | 'datetime-local' | 'number' | 'search' | 'password' | 'tel';
  readonly value?: string;
  readonly autocomplete?: string;
  readonly dir?: 'auto' | 'ltr' | 'rtl';
  readonly inputmode?: string;
  readonly autofocus?: boolean;
  readonly lang?: string;
  readonly extra?: Record<string, string | boolean>;
}

function describedBy(id: string, hint: unknown, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldFrame(props: { id: string; label: string; hint?: Child; error?: string; required?: boolean; children?: Child; t?: View['t'] }): Html {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>
        {props.label}
        {props.required ? <span class="required" aria-hidden="true"> *</span> : null}
      </label>
      {props.hint ? <p class="hint" id={`${props.id}-hint`}>{props.hint}</p> : null}
      {props.children}
      {props.error ? <p class="error" id={`${props.id}-error`}>{props.error}</p> : null}
    </div>
  );
}

/** A text-like input with its label, hint and error. */
export function Input(props: FieldProps): Html {
  const id = controlId(props.name, props.form.scope);
  const error = props.form.errors.get(props.name);
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={error} required={props.required}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.form.values[props.name] ?? props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete ?? 'off'}
        dir={props.dir ?? 'auto'}
        inputmode={props.inputmode}
        autofocus={props.autofocus}
        lang={props.lang}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        {...(props.extra ?? {})}
      />
    </FieldFrame>
  );
}

export function TextArea(props: Omit<FieldProps, 'type'> & { rows?: number }): Html {
  const id = controlId(props.name, props.form.scope);
  const error = props.form.errors.get(props.name);
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={error} required={props.required}>
      <textarea id={id} name={props.name} rows={props.rows ?? 2} required={props.required} dir="auto" aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, props.hint, error)}>
        {props.form.values[props.name] ?? props.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export function Select(props: Omit<FieldProps, 'type'> & { options: readonly (readonly [string, string])[]; blank?: string }): Html {
  const id = controlId(props.name, props.form.scope);
  const error = props.form.errors.get(props.name);
  const selected = props.form.values[props.name] ?? props.value ?? '';
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={error} required={props.required}>
      <select id={id} name={props.name} required={props.required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, props.hint, error)} {...(props.extra ?? {})}>
        {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === selected}>
            {label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Radio buttons in a fieldset with a legend. */
export function Radios(props: { form: FormState; name: string; legend: string; options: readonly (readonly [string, string])[]; value?: string; hint?: string; extra?: Record<string, string> }): Html {
  const id = controlId(props.name, props.form.scope);
  const error = props.form.errors.get(props.name);
  const selected = props.form.values[props.name] ?? props.value ?? '';
  return (
    <fieldset class={error ? 'radios has-error' : 'radios'} id={id} aria-describedby={describedBy(id, props.hint, error)} {...(props.extra ?? {})}>
      <legend>{props.legend}</legend>
      {props.hint ? <p class="hint" id={`${id}-hint`}>{props.hint}</p> : null}
      {props.options.map(([value, label], i) => (
        <label class="choice">
          <input type="radio" id={i === 0 ? `${id}-0` : undefined} name={props.name} value={value} checked={value === selected} />
          {label}
        </label>
      ))}
      {error ? <p class="error" id={`${id}-error`}>{error}</p> : null}
    </fieldset>
  );
}

/** A group of checkboxes posting one name several times, with its legend and error. */
export function Checkboxes(props: { form: FormState; name: string; legend: string; options: readonly (readonly [string, string])[]; checked: readonly string[] }): Html {
  const id = controlId(props.name, props.form.scope);
  const error = props.form.errors.get(props.name);
  return (
    <fieldset class={error ? 'checks has-error' : 'checks'} id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.options.map(([value, label], i) => (
        <label class="choice">
          <input type="checkbox" id={i === 0 ? `${id}-0` : undefined} name={props.name.slice(1)} value={value} checked={props.checked.includes(value)} />
          {label}
        </label>
      ))}
      {error ? <p class="error" id={`${id}-error`}>{error}</p> : null}
    </fieldset>
  );
}

export function Checkbox(props: { form: FormState; name: string; label: string; checked?: boolean; value?: string }): Html {
  const id = controlId(props.name, props.form.scope);
  const error = props.form.errors.get(props.name);
  const posted = props.form.values[props.name];
  return (
    <div class={error ? 'field check has-error' : 'field check'}>
      <input type="checkbox" id={id} name={props.name} value={props.value ?? 'yes'} checked={posted !== undefined ? posted === (props.value ?? 'yes') : props.checked} />
      <label for={id}>{props.label}</label>
      {error ? <p class="error">{error}</p> : null}
    </div>
  );
}

/** The hidden fields every form carries: its CSRF token and its idempotency key. */
export function FormKeys(props: { view: View; formKey?: string }): Html {
  return (
    <>
      <input type="hidden" name={csrfField} value={props.view.csrf} />
      {props.formKey ? <input type="hidden" name="_key" value={props.formKey} /> : null}
    </>
  );
}

/**
 * What went wrong on a form, at its top (the GOV.UK error summary): titled with the number of
 * problems, each a link to the control it concerns; a problem that belongs to no control is
 * listed as it is.
 */
export function ErrorSummary(props: { view: View; form: FormState }): Html {
  const { t } = props.view;
  const { errors, general } = props.form;
  if (!general.length && !errors.size) return <></>;
  return (
    <div class="error-summary" role="alert" tabindex="-1" id="error-summary" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('form.problems', { count: errors.size || general.length })}</h2>
      {errors.size && general.length ? <p>{general.join(' ')}</p> : null}
      <ul>
        {errors.size
          ? [...errors.entries()].map(([name, message]) => (
              <li>
                <a href={`#${controlId(name, props.form.scope)}`}>{message}</a>
              </li>
            ))
          : general.map((g) => <li>{g}</li>)}
      </ul>
    </div>
  );
}

/**
 * A date typed in the page's language: a text control (not the browser's date picker, which
 * writes the browser's own order and digits) with the order of day, month and year and an
 * example in the page's digits; with a time when `withTime`. The server reads it (form-dates.ts).
 */
export function DateInput(props: { form: FormState; t: Translator; name: string; label: string; withTime?: boolean; required?: boolean; value?: string }): Html {
  const id = controlId(props.name, props.form.scope);
  const error = props.form.errors.get(props.name);
  const withTime = props.withTime ?? false;
  const hint = (
    <>
      <bdi dir="ltr">{datePattern(props.t, withTime)}</bdi> — {props.t('form_date.for_example')} <bdi dir="ltr" class="date-example">{dateExample(props.t, withTime)}</bdi>
    </>
  );
  return (
    <FieldFrame id={id} label={props.label} hint={hint} error={error} required={props.required}>
      <input
        id={id}
        name={props.name}
        type="text"
        class={withTime ? 'date-time' : 'date'}
        value={props.form.values[props.name] ?? props.value ?? ''}
        required={props.required}
        autocomplete="off"
        dir="ltr"
        spellcheck="false"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldFrame>
  );
}

/**
 * A list of choices a control offers as the clerk types (a datalist, so it works without
 * scripts): each choice by its name in the page's language, its code beside it where `showCode` says. One list a page
 * per kind of choice, shared by every control that offers it.
 */
export function Choices(props: { id: string; choices: readonly { readonly value: string; readonly label: string }[]; showCode: (value: string) => boolean }): Html {
  return (
    <datalist id={props.id}>
      {props.choices.map((c) => (
        <option value={c.label}>{props.showCode(c.value) ? c.value : ''}</option>
      ))}
    </datalist>
  );
}

/**
 * A control that picks from a page's list of choices (the Choices of that id must be on the
 * page): typed freely, the list offered by the browser from the datalist, or with scripts as a
 * searchable list (app.js, `data-choices`). The server reads what was typed back to a code.
 */
export function ChoiceInput(props: Omit<FieldProps, 'type' | 'extra'> & { list: string }): Html {
  const { list, ...field } = props;
  return <Input {...field} extra={{ list, 'data-choices': list }} />;
}

/** The id of the page's one list of nationality choices (states, stateless, unknown): nationalities and the states that issue documents. */
export const nationalityListId = 'nationality-choices';

/** Every state by its name in the page's language, then "stateless" and "unknown"; a state's code beside its name. */
export function NationalityChoices(props: { t: Translator }): Html {
  return <Choices id={nationalityListId} choices={nationalityChoices(props.t)} showCode={(value) => value.length === 2} />;
}

/** A nationality (or a state) control, offering the page's NationalityChoices. */
export function NationalityInput(props: Omit<FieldProps, 'type' | 'extra'>): Html {
  return <ChoiceInput {...props} list={nationalityListId} />;
}

/** The id of the page's one list of language choices. */
export const languageListId = 'language-choices';

/** The languages a clerk picks from, by their names in the page's language (their codes, which a clerk may also type, are not shown: lower-case Latin on an Arabic page reads as a word). */
export function LanguageChoices(props: { t: Translator }): Html {
  return <Choices id={languageListId} choices={languageChoices(props.t)} showCode={() => false} />;
}

/** A register number: Latin letters and digits kept left to right inside any paragraph. */
export function RegNo(props: { value: string }): Html {
  return (
    <bdi class="regno" dir="ltr">
      {props.value}
    </bdi>
  );
}

/** A person's name as recorded, isolated so that Arabic and Latin script mix safely. */
export function Name(props: { full: string; script?: string }): Html {
  return props.script === 'Arab' ? (
    <bdi lang="ar" dir="rtl">
      {props.full}
    </bdi>
  ) : (
    <bdi>{props.full}</bdi>
  );
}

/** The script a reader of this direction reads first: Arabic script in Arabic and Sorani, Latin in English and Kurmanji. */
const readersScript = (dir: 'rtl' | 'ltr') => (dir === 'rtl' ? 'Arab' : 'Latn');

/**
 * A person's names in the order the reader reads them: those in the reader's script first
 * (Arabic script in the Arabic and Sorani interface, Latin in English and Kurmanji), then
 * the others, each group as recorded.
 */
export function namesInReadingOrder<N extends { readonly script: string }>(names: readonly N[], dir: 'rtl' | 'ltr'): N[] {
  const preferred = readersScript(dir);
  return [...names.filter((n) => n.script === preferred), ...names.filter((n) => n.script !== preferred)];
}

/** The name to head a record with: one in the reader's script first. */
export function mainName(names: readonly { script: string; full: string }[], view: View): { script: string; full: string } | undefined {
  return namesInReadingOrder(names, view.t.dir)[0];
}

export function Badge(props: { tone?: 'ok' | 'warn' | 'bad' | 'info'; children?: Child }): Html {
  return <span class={`badge ${props.tone ?? 'info'}`}>{props.children}</span>;
}

export const statusTone: Readonly<Record<string, 'ok' | 'warn' | 'bad' | 'info'>> = {
  in_custody: 'ok',
  registered: 'info',
  in_transit: 'warn',
  released: 'info',
  handed_over: 'info',
  deceased: 'bad',
  escaped: 'bad',
  transferred_out_of_register: 'info',
  received: 'ok',
  listed: 'info',
  at_stop: 'warn',
  discrepancy: 'bad',
  unaccounted: 'bad',
  returned: 'info',
  exited: 'info',
  draft: 'info',
  approved: 'ok',
  dispatched: 'warn',
  rejected: 'bad',
  cancelled: 'info',
  closed: 'info',
};

/** Previous and next page links for a long list. */
export function Pager(props: { view: View; page: number; hasNext: boolean; href: (page: number) => string }): Html {
  const { t } = props.view;
  if (props.page <= 1 && !props.hasNext) return <></>;
  return (
    <nav class="pager" aria-label={t('pager.label')}>
      {props.page > 1 ? <a href={props.href(props.page - 1)} rel="prev">{t('pager.previous')}</a> : <span />}
      <span>{t('pager.page', { page: props.page })}</span>
      {props.hasNext ? <a href={props.href(props.page + 1)} rel="next">{t('pager.next')}</a> : <span />}
    </nav>
  );
}

/** A page number from the query string (1 and up). */
export function pageParam(value: unknown): number {
  const n = typeof value === 'string' && /^[1-9][0-9]{0,4}$/.test(value) ? Number(value) : 1;
  return n;
}

/** One end of a transfer: a facility of the register (by name) or an outside authority, with its state in the reader's language. */
export function Endpoint(props: { t: View['t']; endpoint: unknown; facilityNames: ReadonlyMap<string, string> }): Html {
  const e = props.endpoint as { kind: string; facility_id?: string; name?: string; country?: string };
  if (e.kind === 'facility') return <bdi>{props.facilityNames.get(e.facility_id ?? '') ?? e.facility_id}</bdi>;
  return (
    <bdi>
      {e.name} ({e.country ? nationalityLabel(props.t, e.country) : '—'})
    </bdi>
  );
}
