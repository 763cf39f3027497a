/**
 * The roll-call pages' forms mapped to the API: the report's query, the controls each form
 * has (named by the JSON pointers they fill), the request bodies, and where a refusal is shown.
 */
import { problemMessage, scannedNumbers, withProblem, type FormState, type Problem } from '../../forms.ts';
import type { Translator } from '../../i18n.ts';
import { maxCountBatch } from '../../../domain/roll-call.ts';
import { isUuid } from '../person.tsx';

type Values = Record<string, string>;

// ---------------------------------------------------------------- the report

/** The query of a report page, as it may be typed into the address bar. */
export interface ReportParams {
  readonly facility_id?: string;
  readonly date?: string;
  readonly not_seen_days?: string;
  /** The page of the not-seen list (1 and up). */
  readonly page?: string;
}

/** The report's query string for the API (only well-formed values pass; the API checks them again). */
export function reportQuery(params: ReportParams, fallbackFacility: string): string {
  const q = new URLSearchParams({ facility_id: params.facility_id && isUuid(params.facility_id) ? params.facility_id : fallbackFacility });
  if (params.date) q.set('date', params.date);
  if (params.not_seen_days) q.set('not_seen_days', params.not_seen_days);
  return q.toString();
}

/** The report's filters, named as the API's query names them. */
export const reportControls = ['facility_id', 'date', 'not_seen_days'];
export const reportFromPath = { '/query/facility_id': 'facility_id', '/query/date': 'date', '/query/not_seen_days': 'not_seen_days' };

// ---------------------------------------------------------------- opening a roll call

export const openControls = ['/facility_id', '/unit_id'];
export const openFromPath = { '/body/facility_id': '/facility_id', '/body/unit_id': '/unit_id' };

/** POST /api/roll-calls: the facility, and the unit when one was chosen. */
export function openBody(values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = { facility_id: values['/facility_id'] ?? '' };
  if (values['/unit_id']) body.unit_id = values['/unit_id'];
  return body;
}

// ---------------------------------------------------------------- counting

/**
 * The numbers a count form sent. Two forms post the count: the scan field (one number) and
 * the list (a scanner's export).
 */
export function countedNumbers(values: Values): { readonly fromBatch: boolean; readonly numbers: string[] } {
  const fromBatch = '/register_numbers' in values;
  const single = (values['/register_number'] ?? '').trim();
  return { fromBatch, numbers: fromBatch ? scannedNumbers(values['/register_numbers']) : single ? [single] : [] };
}

/** A refused count: a number the register cannot read is named at the control it came from. */
export function countProblem(t: Translator, values: Values, problem: Problem, numbers: readonly string[], fromBatch: boolean): FormState {
  const control = fromBatch ? '/register_numbers' : '/register_number';
  const at = problem.field?.match(/^(?:\/body)?\/register_numbers\/(\d+)$/);
  if (at) {
    const number = numbers[Number(at[1])] ?? '';
    const message = problem.code === 'invalid_value' || problem.code === 'invalid_request' ? t('rollcall.not_a_number', { number }) : `${number}: ${problemMessage(t, problem)}`;
    return { values, errors: new Map([[control, message]]), general: [t('form.check_marked')] };
  }
  if (problem.field && /^(?:\/body)?\/register_numbers$/.test(problem.field)) {
    return { values, errors: new Map([[control, t('rollcall.too_many', { max: maxCountBatch })]]), general: [t('form.check_marked')] };
  }
  return withProblem(t, values, problem, [control]);
}

// ---------------------------------------------------------------- resolving a discrepancy

export const resolveControls = ['/reason'];
export const resolveFromPath = { '/body/reason': '/reason' };

/** POST /api/roll-calls/:id/discrepancies/:discrepancy_id/resolution. */
export const resolveBody = (values: Values) => ({ reason: (values['/reason'] ?? '').trim() });

// ---------------------------------------------------------------- sign-off

/**
 * A refused sign-off. The four-eyes refusal names the roll call itself: say plainly who may
 * sign instead; a roll call with unresolved discrepancies says how many.
 */
export function signOffProblem(t: Translator, values: Values, problem: Problem, unresolved: number): FormState {
  const tookPart = problem.code === 'forbidden' && problem.field !== undefined;
  return tookPart
    ? { values, errors: new Map(), general: [t('rollcall.sign_off_took_part')] }
    : problem.code === 'invalid_transition' && unresolved
      ? { values, errors: new Map(), general: [t('rollcall.unresolved', { count: unresolved })] }
      : withProblem(t, values, problem, []);
}
