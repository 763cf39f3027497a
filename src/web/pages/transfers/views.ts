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

/** A person on the order being drawn up: the number as typed, and who and where the register holds (absent when it knows no such number). */
export interface DraftRow {
  readonly typed: string;
  readonly person?: PersonSummaryView;
  /** Where they are held: the facility's and unit's names, or their custody status when not in custody. */
  readonly where?: string;
  /** Held in custody at the order's origin (a person held elsewhere cannot leave from it). */
  readonly atOrigin: boolean;
}

/** A person found by name among those held at the origin, to tick. */
export interface DraftCandidate {
  readonly person: PersonSummaryView;
  readonly unit: string;
}

/** A line of a pasted list that added nobody, and why. */
export interface PastedProblem {
  readonly line: number;
  readonly typed: string;
  readonly problem: 'unreadable' | 'not_on_register' | 'not_at_origin';
  /** For a person held elsewhere: where. */
  readonly where?: string;
}

/** What the order's form shows besides its controls: who is on it so far, and the outcome of the last addition. */
export interface Draft {
  readonly rows: readonly DraftRow[];
  /** The units persons may be added from: the origin's, or every facility's while none is chosen. */
  readonly units: readonly (readonly [id: string, label: string])[];
  readonly candidates?: { readonly found: readonly DraftCandidate[]; readonly total: number; readonly more: boolean };
  readonly pasted?: readonly PastedProblem[];
  readonly added?: { readonly added: number; readonly already: number };
}
