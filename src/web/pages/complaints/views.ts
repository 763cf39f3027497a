/** What the complaint pages read from the API (routes/complaints.ts), as they show it. */
import type { AllegationView, ComplaintView, PersonComplaints } from '../../../queries/complaints-file.ts';
import type { OwnFileDisclosure, OwnFileRequest } from '../../../domain/own-file.ts';
import type { ResponseClockStatus } from '../../../domain/response-clock.ts';
import type { FormState } from '../../forms.ts';

export type { AllegationView, ComplaintView, PersonComplaints, OwnFileDisclosure };

/** A request for the own file as the API gives it: with its clock now. */
export type OwnFileRequestView = OwnFileRequest & { readonly clock: ResponseClockStatus };

/** A refused form by its name (`lodge`, `allegation`, `freeze`, `answer-<id>`, `acknowledge-<id>`, `close-<id>`). */
export type ComplaintForms = Readonly<Record<string, FormState>>;

/** Redaction rows on the own-file form. */
export const redactionRows = 3;
