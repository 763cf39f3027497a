/**
 * What the case pages show: the API's reads of case files, a court's docket and a person's
 * segregation, typed by the API's own response schemas (src/api/case-schemas.ts), and what a
 * case's page is built from.
 */
import type { Static } from '@sinclair/typebox';
import type { CaseEventsResponse, CaseResponse, CasesResponse, DocketResponse, OrderRecordedResponse, SegregationPeriodsResponse } from '../../../api/case-schemas.ts';
import type { FormState } from '../../forms.ts';

/** A case file as the API's read gives it (GET /api/cases/:id). */
export type CaseView = Static<typeof CaseResponse>;
export type OrderView = CaseView['orders'][number];
export type HearingView = CaseView['hearings'][number];
export type CaseList = Static<typeof CasesResponse>;
export type CaseOpened = Static<typeof CaseEventsResponse>;
export type OrderRecorded = Static<typeof OrderRecordedResponse>;
export type Docket = Static<typeof DocketResponse>;
export type DocketEntry = Docket['entries'][number];
export type SegregationPeriods = Static<typeof SegregationPeriodsResponse>['periods'];

/** The forms on a case's page that are one API request each under /api/cases/:id/. */
export const caseActions = [
  'charges',
  'counsel',
  'counsel-visits',
  'appearances',
  'appearance-extensions',
  'hearings',
  'interrogations',
  'stage',
  'verdict',
  'sentence',
  'appeals',
  'appeal-decision',
] as const;
export type CaseAction = (typeof caseActions)[number];

/** The forms of a case's page as posted (with their refusal), by action; a hearing's outcome and an order's confirmation by their id. */
export interface CaseForms {
  readonly actions?: Partial<Record<CaseAction, FormState>>;
  readonly outcome?: { readonly hearingId: string; readonly form: FormState };
  readonly confirm?: { readonly orderId: string; readonly form: FormState };
}

/** A case's page: the case, whose it is, and the register's facilities (name and kind). */
export interface CaseDetail {
  readonly case: CaseView;
  /** The person's names, to head the page with (the API's read has audited it). */
  readonly names: readonly { readonly script: string; readonly full: string }[];
  readonly facilities: readonly { readonly id: string; readonly name: string; readonly kind: string }[];
}
