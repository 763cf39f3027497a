/**
 * The case pages' forms mapped to the API: which controls a form has (named by the JSON
 * pointers they fill, so a refusal's field names its control), the request body each form
 * sends, and where a refusal about another path is shown. What was typed is sent as typed: a
 * number or a date the register cannot read is refused by the API at its field, never
 * guessed here.
 */
import { instantFromLocal } from '../../forms.ts';
import type { Permission } from '../../../domain/permissions.ts';
import type { CaseAction } from './views.ts';

type Values = Record<string, string>;

/** A text control's value without surrounding spaces. */
export const trimmed = (v: Values, name: string): string => (v[name] ?? '').trim();

/** A date and time control (`2026-03-10T09:30`) as ISO 8601 with the register's offset; anything else as typed. */
export const instant = (v: Values, name: string): string => instantFromLocal(trimmed(v, name));

/** Arabic-Indic and Persian digits as ASCII digits (a clerk may type either). */
const asciiDigits = (text: string) => text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf));

/** A whole number as typed, or the text itself, which the API refuses at its field. */
export function whole(text: string | undefined): number | string {
  const typed = asciiDigits((text ?? '').trim());
  return /^\d{1,9}$/.test(typed) ? Number(typed) : typed;
}

const orNull = (text: string): string | null => (text ? text : null);

// ---------------------------------------------------------------- charges

/** Rows a charges form offers at least (blank rows are not sent). */
export const minimumChargeRows = 3;
/** The most charges a case holds (the API's limit). */
const maximumChargeRows = 50;

export const penaltyKinds = ['death', 'life', 'years', 'months'] as const;

/** The controls of one charge row. */
export const chargeRowControls = (i: number) => [`/charges/${i}/law`, `/charges/${i}/article`, `/charges/${i}/max_penalty/kind`, `/charges/${i}/max_penalty/amount`];

/** How many charge rows a form shows: those posted or recorded, and at least one blank. */
export function chargeRowCount(values: Values, recorded = 0): number {
  let highest = -1;
  for (const name of Object.keys(values)) {
    const m = name.match(/^\/charges\/(\d+)\//);
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  return Math.min(maximumChargeRows, Math.max(minimumChargeRows, highest + 2, recorded + 1));
}

export const chargeControls = (values: Values, recorded = 0): string[] => Array.from({ length: chargeRowCount(values, recorded) }, (_, i) => chargeRowControls(i)).flat();

/** A maximum penalty from its kind and amount. */
function penaltyOf(v: Values, prefix: string): unknown {
  const kind = v[`${prefix}/kind`] ?? '';
  const amount = whole(v[`${prefix}/amount`]);
  if (kind === 'years') return { years: amount };
  if (kind === 'months') return { months: amount };
  return kind;
}

/** The charges of a form: every row with anything filled in, and which form row each came from. */
export function chargesOf(v: Values): { charges: unknown[]; rows: number[] } {
  const charges: unknown[] = [];
  const rows: number[] = [];
  for (let i = 0; i < maximumChargeRows; i++) {
    const filled = chargeRowControls(i).some((name) => trimmed(v, name));
    if (!filled) continue;
    charges.push({ law: trimmed(v, `/charges/${i}/law`), article: trimmed(v, `/charges/${i}/article`), max_penalty: penaltyOf(v, `/charges/${i}/max_penalty`) });
    rows.push(i);
  }
  return { charges, rows };
}

/** A refusal about the i-th charge sent, as the control of the form row it came from. */
export function chargeField(field: string | undefined, rows: readonly number[]): string | undefined {
  const m = field?.match(/^\/charges\/(\d+)(\/.*)?$/);
  if (!m) return field;
  const row = rows[Number(m[1])] ?? 0;
  const rest = m[2] ?? '';
  return `/charges/${row}${/^\/max_penalty\/(years|months)$/.test(rest) ? '/max_penalty/amount' : rest}`;
}

// ---------------------------------------------------------------- opening a case

export const openControls = (values: Values) => ['/reference', '/court', '/judge', '/prosecutor', ...chargeControls(values)];

/** POST /api/persons/:id/cases. */
export function openBody(v: Values) {
  const { charges } = chargesOf(v);
  return { reference: trimmed(v, '/reference'), court: trimmed(v, '/court'), judge: orNull(trimmed(v, '/judge')), prosecutor: orNull(trimmed(v, '/prosecutor')), charges };
}

// ---------------------------------------------------------------- sentences

export const sentenceKinds = ['term', 'life', 'death'] as const;
export const sentenceControls = ['/sentence/kind', '/sentence/years', '/sentence/months'];

/** A sentence from its kind and, for a term, its years and months (either may be left empty). */
function sentenceOf(v: Values): unknown {
  const kind = v['/sentence/kind'] ?? '';
  if (kind !== 'term') return kind;
  const term: Record<string, unknown> = {};
  if (trimmed(v, '/sentence/years')) term.years = whole(v['/sentence/years']);
  if (trimmed(v, '/sentence/months')) term.months = whole(v['/sentence/months']);
  return term;
}

// ---------------------------------------------------------------- actions on a case

/** An action on a case that is one API request: its form's controls and the body it sends. */
export interface CaseActionForm {
  readonly name: CaseAction;
  readonly permission: Permission;
  readonly controls: (values: Values) => readonly string[];
  readonly body: (v: Values) => Record<string, unknown>;
  /** Where a refusal's field is shown, when it is not a control's own name. */
  readonly field?: (field: string | undefined, v: Values) => string | undefined;
  /** The notice shown after it succeeds, and the section of the page it concerns. */
  readonly done: string;
  readonly section: string;
}

const fixed = (controls: readonly string[]) => () => controls;

export const caseActionForms: readonly CaseActionForm[] = [
  {
    name: 'charges',
    permission: 'case.manage',
    controls: (v) => chargeControls(v),
    body: (v) => ({ charges: chargesOf(v).charges }),
    field: (field, v) => chargeField(field, chargesOf(v).rows),
    done: 'charges_amended',
    section: 'charges',
  },
  {
    name: 'counsel',
    permission: 'case.manage',
    controls: fixed(['/name', '/appointment', '/contact']),
    body: (v) => ({ name: trimmed(v, '/name'), appointment: v['/appointment'] ?? '', contact: trimmed(v, '/contact') }),
    done: 'counsel_assigned',
    section: 'counsel',
  },
  {
    name: 'counsel-visits',
    permission: 'case.counsel_visit',
    controls: fixed(['/counsel_id', '/at', '/facility_id']),
    body: (v) => ({ counsel_id: v['/counsel_id'] ?? '', at: instant(v, '/at'), facility_id: v['/facility_id'] ?? '' }),
    done: 'counsel_visited',
    section: 'counsel',
  },
  { name: 'appearances', permission: 'case.manage', controls: fixed(['/at', '/judge']), body: (v) => ({ at: instant(v, '/at'), judge: trimmed(v, '/judge') }), done: 'appearance_recorded', section: 'appearances' },
  {
    name: 'appearance-extensions',
    permission: 'case.decide',
    controls: fixed(['/at', '/judge']),
    body: (v) => ({ at: instant(v, '/at'), judge: trimmed(v, '/judge') }),
    done: 'appearance_extended',
    section: 'appearances',
  },
  {
    name: 'hearings',
    permission: 'case.manage',
    controls: fixed(['/at', '/court', '/purpose', '/holding_facility_id']),
    body: (v) => ({
      at: instant(v, '/at'),
      ...(trimmed(v, '/court') ? { court: trimmed(v, '/court') } : {}),
      purpose: trimmed(v, '/purpose'),
      ...(v['/holding_facility_id'] ? { holding_facility_id: v['/holding_facility_id'] } : {}),
    }),
    done: 'hearing_scheduled',
    section: 'hearings',
  },
  {
    name: 'interrogations',
    permission: 'case.manage',
    controls: fixed(['/start', '/end', '/place', '/present', '/interpreter', '/lawyer']),
    body: (v) => ({
      start: instant(v, '/start'),
      end: instant(v, '/end'),
      place: trimmed(v, '/place'),
      present: (v['/present'] ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean),
      interpreter: orNull(trimmed(v, '/interpreter')),
      lawyer: orNull(trimmed(v, '/lawyer')),
    }),
    done: 'interrogation_recorded',
    section: 'interrogations',
  },
  { name: 'stage', permission: 'case.manage', controls: fixed(['/stage']), body: (v) => ({ stage: v['/stage'] ?? '' }), done: 'stage_changed', section: 'judgment' },
  {
    name: 'verdict',
    permission: 'case.decide',
    controls: fixed(['/at', '/outcome', '/judge']),
    body: (v) => ({ at: instant(v, '/at'), outcome: v['/outcome'] ?? '', judge: trimmed(v, '/judge') }),
    done: 'verdict_recorded',
    section: 'judgment',
  },
  {
    name: 'sentence',
    permission: 'case.decide',
    controls: fixed(['/at', ...sentenceControls, '/judge']),
    body: (v) => ({ at: instant(v, '/at'), sentence: sentenceOf(v), judge: trimmed(v, '/judge') }),
    done: 'sentence_recorded',
    section: 'judgment',
  },
  { name: 'appeals', permission: 'case.manage', controls: fixed(['/at']), body: (v) => ({ at: instant(v, '/at') }), done: 'appeal_lodged', section: 'judgment' },
  {
    name: 'appeal-decision',
    permission: 'case.decide',
    controls: fixed(['/at', '/outcome', ...sentenceControls]),
    body: (v) => ({ at: instant(v, '/at'), outcome: v['/outcome'] ?? '', ...(v['/sentence/kind'] ? { sentence: sentenceOf(v) } : {}) }),
    done: 'appeal_decided',
    section: 'judgment',
  },
];

// ---------------------------------------------------------------- a hearing's outcome

export const outcomeControls = ['/at', '/outcome', '/adjourned_reason', '/present/judge', '/present/prosecutor', '/present/counsel', '/present/interpreter', '/interpreter_required'];

/** POST /api/cases/:id/hearings/:hid/outcome. */
export function outcomeBody(v: Values) {
  return {
    at: instant(v, '/at'),
    outcome: v['/outcome'] ?? '',
    ...(trimmed(v, '/adjourned_reason') ? { adjourned_reason: trimmed(v, '/adjourned_reason') } : {}),
    present: {
      judge: trimmed(v, '/present/judge'),
      prosecutor: orNull(trimmed(v, '/present/prosecutor')),
      counsel: orNull(trimmed(v, '/present/counsel')),
      interpreter: orNull(trimmed(v, '/present/interpreter')),
    },
    ...(v['/interpreter_required'] === 'yes' ? { interpreter_required: true } : {}),
  };
}

// ---------------------------------------------------------------- an order

export const orderControls = ['/order', '/reference', '/issued_at', '/judge', '/court', '/days', '/until', '/to_facility_id', '/produce_at', '/scan/reference', '/scan/sha256'];

/** POST /api/cases/:id/orders: the fields of the kind of order chosen (others typed in are not sent). */
export function orderBody(v: Values) {
  const order = v['/order'] ?? '';
  const scan = trimmed(v, '/scan/reference') || trimmed(v, '/scan/sha256') ? { scan: { reference: trimmed(v, '/scan/reference'), sha256: trimmed(v, '/scan/sha256') } } : {};
  const common = { order, reference: trimmed(v, '/reference'), issued_at: instant(v, '/issued_at'), judge: trimmed(v, '/judge'), ...(trimmed(v, '/court') ? { court: trimmed(v, '/court') } : {}), ...scan };
  if (order === 'detention') return { ...common, days: whole(v['/days']) };
  if (order === 'court_extension') return { ...common, until: instant(v, '/until') };
  if (order === 'production') return { ...common, to_facility_id: v['/to_facility_id'] ?? '', produce_at: instant(v, '/produce_at') };
  if (order === 'transfer') return { ...common, to_facility_id: v['/to_facility_id'] ?? '' };
  return common;
}

/** The values an order's preview carries on to its confirmation, as hidden fields. */
export const orderCarried = (v: Values): [string, string][] => orderControls.map((name) => [name, v[name] ?? ''] as [string, string]).filter(([, value]) => value !== '');

// ---------------------------------------------------------------- segregation

export const segregationControls = ['/at', '/reason', '/authorised_by'];

/** POST /api/persons/:id/segregation. */
export const segregationBody = (v: Values) => ({ action: v['/action'] ?? '', at: instant(v, '/at'), reason: trimmed(v, '/reason'), authorised_by: trimmed(v, '/authorised_by') });
