/** What a roll call's page is built from, besides the API's reads (src/queries/roll-call-report.ts types). */
import type { FormState } from '../../forms.ts';

/** The answer to a count (POST /api/roll-calls/:id/counts). */
export interface Counted {
  readonly newly_counted: number;
  readonly repeated: number;
  readonly total_counted: number;
  readonly not_on_register: readonly string[];
}

/** The forms on a roll call's page, as posted (with their errors) or empty. */
export interface RollCallForms {
  readonly count?: FormState;
  readonly batch?: FormState;
  readonly reconcile?: FormState;
  readonly signOff?: FormState;
  readonly resolve?: ReadonlyMap<string, FormState>;
}

/** Which page of each kind of discrepancy a roll call's page shows (1 and up): expected but not counted, counted but not expected. */
export interface DiscrepancyPages {
  readonly missing: number;
  readonly extra: number;
}

/** How many discrepancies of each kind a roll call's page lists. */
export const discrepanciesPerPage = 50;
