/**
 * What the transfer pages show: the API's reads of a transfer, typed by the API's own
 * response schemas (src/api/schemas.ts), and what a transfer's page is built from.
 */
import type { Static } from '@sinclair/typebox';
import type { CheckInBatchResponse, CheckInResponse, TransferCreatedResponse, TransferResponse, TransferSummary, TransfersResponse } from '../../../api/schemas.ts';
import type { PersonSummaryView } from '../../../api/read-models.ts';

/** A transfer as the API's read of it gives it (GET /api/transfers/:id). */
export type TransferView = Static<typeof TransferResponse>;
/** A transfer as the API's list gives it (GET /api/transfers). */
export type TransferSummaryView = Static<typeof TransferSummary>;
export type TransferList = Static<typeof TransfersResponse>;
export type TransferCreated = Static<typeof TransferCreatedResponse>;
export type CheckedIn = Static<typeof CheckInResponse>;
export type ArrivalsCheckedIn = Static<typeof CheckInBatchResponse>;
/** One person on a transfer, as the API's read gives them. */
export type Member = TransferView['members'][number];

export const membersPerPage = 50;

export type Action = 'approve' | 'cancel' | 'dispatch' | 'checkin' | 'arrivals' | 'refuse' | 'count' | 'reject' | 'close';

/** A notice after an action: its key, and the register number it concerns. */
export interface TransferNotice {
  readonly key: string;
  readonly number?: string;
}

export interface Detail {
  readonly transfer: TransferView;
  readonly places: ReadonlyMap<string, string>;
  readonly destinationUnits: readonly { id: string; name: string; category: string }[];
  readonly summaries: ReadonlyMap<string, PersonSummaryView>;
  /** Categories of the persons still in transit: a unit is chosen for each at a batch check-in. */
  readonly categories: readonly string[];
}
